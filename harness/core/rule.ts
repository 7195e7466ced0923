import type fc from 'fast-check';
import type { RunIO } from '../runner/run-io.ts';

/**
 * The rule catalogue's building blocks. A rule is one requirement of one RFC section, written
 * in the project's own words, with the input it generates and the check it runs on each input.
 */

export type Level = 'MUST' | 'SHOULD' | 'MAY';

export interface RuleSpec<T = unknown> {
  /** Short kebab-case name, unique within its section. */
  slug: string;
  level: Level;
  /** The requirement, paraphrased: what the target must (or should) do. */
  title: string;
  /** What the harness sends, in one phrase (shown by `rfcheck list` and in reports). */
  sends?: string;
  /** The generated input: an arbitrary, or a function of the run options (fixture data). */
  input: fc.Arbitrary<T> | ((io: RuleSetup) => fc.Arbitrary<T>);
  /** Checks the target on one input; throws a ProtocolViolation when the target is wrong. */
  check: (io: RunIO, input: T) => Promise<void>;
  /** Upper bound on runs for this rule (a costly or input-poor rule); --runs is capped by it. */
  maxRuns?: number;
  /**
   * The runs are independent: none changes what another run could see (queries of a static
   * zone, GETs of fixture files), so `--concurrency N` may run N of them at once. Leave unset
   * for a rule whose runs write, count, or time anything on the target.
   */
  concurrent?: boolean;
}

export interface Rule<T = unknown> extends RuleSpec<T> {
  /** `<suite>/<section>/<slug>`, stable across versions. */
  id: string;
  suite: string;
  rfc: string;
  section: string;
  sectionTitle: string;
  /** The citation's own short name for its document in rule ids (see core/rule-ids.ts). */
  documentTag?: string;
}

/** What a rule's input function may read before any run: the options the suite was run with. */
export interface RuleSetup {
  options: SuiteOptions;
}

/** Options that reach a target's data; the same names in every suite (see DESIGN.md). */
export interface SuiteOptions {
  user?: string;
  pass?: string;
  /** host:port of an SMTP server feeding the mailboxes a pop3/imap target reads. */
  smtp?: string;
  zones?: string[];
  mailDomain?: string;
  /** Absolute path of the fixtures folder. */
  fixturesDir: string;
}

/** Declares one rule; the type parameter ties the input to the check. */
export function rule<T>(spec: RuleSpec<T>): RuleSpec<T> {
  return spec;
}

export interface SectionCitation {
  suite: string;
  rfc: string;
  section: string;
  title: string;
  /**
   * How rule ids name the document when it is not the suite's primary one, when the default
   * (core/rule-ids.ts documentTag: '9110', 'bep23', 'iso23009-1', initials) would not read well.
   */
  tag?: string;
}

/**
 * Any rule, whatever its input type. A rule's input appears both in what it produces and in what
 * its check consumes, so no single type parameter accepts them all; `rule()` already tied each
 * rule's input to its check.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRuleSpec = RuleSpec<any>;

/** Groups the rules of one RFC section and gives each its stable id. */
export function section(citation: SectionCitation, rules: AnyRuleSpec[]): Rule[] {
  const seen = new Set<string>();
  return (rules as RuleSpec<unknown>[]).map((spec) => {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(spec.slug)) throw new Error(`rule slug '${spec.slug}' is not kebab-case`);
    if (seen.has(spec.slug)) throw new Error(`rule slug '${spec.slug}' repeats in section ${citation.section}`);
    seen.add(spec.slug);
    return {
      ...spec,
      id: `${citation.suite}/${citation.section}/${spec.slug}`,
      suite: citation.suite,
      rfc: citation.rfc,
      section: citation.section,
      sectionTitle: citation.title,
      ...(citation.tag ? { documentTag: citation.tag } : {}),
    };
  });
}
