import type { Endpoint } from '../wire/limits.ts';
import type { Rule, SuiteOptions } from './rule.ts';

/** A server the harness can start in-process: a reference, or a planted-bug mutant of one. */
export interface ServerFactory {
  start(options: ServerStartOptions): Promise<RunningServer>;
}

export interface ServerStartOptions {
  host: string;
  /** 0 asks for an ephemeral port. */
  port: number;
  fixturesDir: string;
  /**
   * What the user told the run about the target's data (--mail-domain, ...): a reference that
   * can serve it does, so that the rules and the server agree (a reference is started for a run).
   */
  suiteOptions?: SuiteOptions;
}

export interface RunningServer {
  /** Where the suite's rules connect (or send datagrams). */
  endpoint: Endpoint;
  /** Further named endpoints (e.g. the SMTP port beside a POP3 one). */
  endpoints?: Record<string, Endpoint>;
  close(): Promise<void>;
}

/** What specs/<protocol>/index.ts exports: the rules, knowing nothing of any server. */
export interface SuiteSpec {
  /** The name users type: `rfcheck run echo-udp`. */
  name: string;
  title: string;
  /**
   * The suite's primary document: its rules keep bare section numbers in their ids, rules of
   * other documents get the document's number (see core/rule-ids.ts). Default: the most cited.
   */
  rfc?: string;
  /** Which transport the target listens on; decides how readiness and reachability are probed. */
  transport: 'tcp' | 'udp';
  rules: Rule[];
  /** The folder under fixtures/ whose README is the contract a student server must meet. */
  fixtures?: string;
  /**
   * A fixed resource the suite needs for itself (fixed addresses or ports of servers the harness
   * plays). Runs of suites naming the same resource never overlap on one machine: each waits
   * for a machine-wide lock (harness/runner/machine-lock.ts).
   */
  exclusive?: string;
  /**
   * A server the harness plays beside the target that the target itself talks to (the origin
   * behind a cache). The rules start it for themselves; `rfcheck fuzz` holds it up, with the
   * `exclusive` lock, for the whole session, so that mutated inputs still reach it.
   */
  fuzzCompanion?: () => Promise<{ close(): Promise<void> }>;
  /**
   * About how long a whole run against the reference takes, for the slow suites (rules that
   * wait on purpose: quiet windows, choking rounds): `run all --jobs N` starts the longest
   * first, and uses this when no earlier report gives the suite's real duration.
   */
  typicalSeconds?: number;
}

/**
 * A suite joined with its reference server. The join happens in the catalogue, by suite name,
 * so that no spec imports reference code (a spec must judge any server on its own terms).
 */
export interface Suite extends SuiteSpec {
  reference: ServerFactory;
}

/** A planted-bug server: it breaks exactly the requirement `catches` names. */
export interface Mutant {
  /** kebab-case, unique within its suite. */
  name: string;
  suite: string;
  /** The bug in one sentence. */
  bug: string;
  /** Ids of the rules that must fail against it, and no others. */
  catches: string[];
  server: ServerFactory;
}
