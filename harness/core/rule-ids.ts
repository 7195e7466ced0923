import type { Rule } from './rule.ts';
import type { SuiteSpec } from './suite.ts';

/**
 * A rule id is `<suite>/<section>/<slug>`. A suite that cites several documents must keep ids
 * unambiguous, so that a reader finds a rule from the table of contents of the right RFC: rules
 * of the suite's primary document keep the bare section (`smtp/4.1.4/rcpt-before-mail`), rules
 * of any other document carry its number (`smtp/2920-3.2/pipelined-replies-in-order`,
 * `http2/7541-4.2/…`). The primary document is the suite's `rfc`, or else the one most of its
 * rules cite.
 */
export function qualifyRuleIds(spec: SuiteSpec): SuiteSpec {
  const primary = spec.rfc ?? mostCited(spec.rules);
  const rules = spec.rules.map((rule): Rule => {
    if (rule.rfc === primary) return rule;
    return { ...rule, id: `${spec.name}/${documentTag(rule.rfc)}-${rule.section}/${rule.slug}` };
  });
  return { ...spec, rules };
}

/** 'RFC 7541' → '7541'; 'BEP 23' → 'bep23'; anything else → its letters and digits, lowercased. */
export function documentTag(rfc: string): string {
  const number = /^RFC\s*(\d+)$/i.exec(rfc.trim());
  if (number) return number[1] as string;
  return rfc.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 16);
}

function mostCited(rules: Rule[]): string | undefined {
  const counts = new Map<string, number>();
  for (const rule of rules) counts.set(rule.rfc, (counts.get(rule.rfc) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
