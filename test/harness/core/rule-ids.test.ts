import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../../harness/core/catalogue.ts';
import { section } from '../../../harness/core/rule.ts';
import { documentTag, qualifyRuleIds } from '../../../harness/core/rule-ids.ts';

describe('rule ids in the catalogue', async () => {
  const suites = await loadSuites();

  it.each(suites.map((s) => [s.name, s] as const))('%s: ids are unique and each section names one document', (_name, suite) => {
    const ids = suite.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const documentOf = new Map<string, string>();
    for (const rule of suite.rules) {
      expect(rule.id).toMatch(new RegExp(`^${suite.name}/[^/]+/[a-z0-9]+(-[a-z0-9]+)*$`));
      const idSection = rule.id.split('/')[1] as string;
      const known = documentOf.get(idSection);
      expect(known ?? rule.rfc, `${rule.id} shares section '${idSection}' with ${known}`).toBe(rule.rfc);
      documentOf.set(idSection, rule.rfc);
    }
  });
});

describe('qualifyRuleIds', () => {
  const rules = [
    ...section({ suite: 's', rfc: 'RFC 5321', section: '3.2', title: '' }, [{ slug: 'a', level: 'MUST', title: '', input: null as never, check: async () => {} }]),
    ...section({ suite: 's', rfc: 'RFC 2920', section: '3.2', title: '' }, [{ slug: 'b', level: 'MUST', title: '', input: null as never, check: async () => {} }]),
  ];

  it('keeps the primary document bare and prefixes the others with their number', () => {
    const spec = qualifyRuleIds({ name: 's', title: '', transport: 'tcp', rfc: 'RFC 5321', rules });
    expect(spec.rules.map((r) => r.id)).toEqual(['s/3.2/a', 's/2920-3.2/b']);
    expect(spec.rules.map((r) => r.section)).toEqual(['3.2', '3.2']);
  });

  it('is idempotent', () => {
    const once = qualifyRuleIds({ name: 's', title: '', transport: 'tcp', rfc: 'RFC 5321', rules });
    expect(qualifyRuleIds(once).rules.map((r) => r.id)).toEqual(once.rules.map((r) => r.id));
  });

  it('tags documents by number', () => {
    expect(documentTag('RFC 7541')).toBe('7541');
    expect(documentTag('BEP 23')).toBe('bep23');
    expect(documentTag('ISO/IEC 23009-1')).toBe('iso23009-1');
  });

  it('tags books and other documents by their initials, or by the tag their citation gives', () => {
    expect(documentTag('Kurose & Ross, Computer Networking')).toBe('kr');
    expect(documentTag('Gnutella')).toBe('gnutella');
    const rules = section({ suite: 's', rfc: 'rfcheck player control', section: '2', title: 'DONE', tag: 'control' }, [
      { slug: 'done', level: 'MUST', title: '', input: null as never, check: async () => {} },
    ]);
    expect(qualifyRuleIds({ name: 's', title: '', transport: 'tcp', rfc: 'RFC 9112', rules }).rules[0]?.id).toBe('s/control-2/done');
  });
});
