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
    return { ...rule, id: `${spec.name}/${rule.documentTag ?? documentTag(rule.rfc)}-${rule.section}/${rule.slug}` };
  });
  return { ...spec, rules };
}

/**
 * 'RFC 7541' → '7541'; 'BEP 23' → 'bep23'; 'ISO/IEC 23009-1' → 'iso23009-1'; a book or other
 * document of several words → the initials of its name before any comma ('Kurose & Ross,
 * Computer Networking' → 'kr'); one word → that word, lowercased.
 */
export function documentTag(rfc: string): string {
  const name = rfc.trim();
  const number = /^RFC\s*(\d+)$/i.exec(name);
  if (number) return number[1] as string;
  const iso = /^ISO(?:\/IEC)?\s*(\d+(?:-\d+)*)/i.exec(name);
  if (iso) return `iso${iso[1] as string}`;
  const words = (name.split(',')[0] ?? '').match(/[A-Za-z0-9]+/g) ?? [];
  if (words.length === 1) return (words[0] as string).toLowerCase().slice(0, 16);
  if (/^[A-Za-z]+$/.test(words[0] ?? '') && /^\d+$/.test(words[1] ?? '') && words.length === 2) return `${words[0] as string}${words[1] as string}`.toLowerCase();
  return words.map((word) => word[0]).join('').toLowerCase();
}

function mostCited(rules: Rule[]): string | undefined {
  const counts = new Map<string, number>();
  for (const rule of rules) counts.set(rule.rfc, (counts.get(rule.rfc) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
