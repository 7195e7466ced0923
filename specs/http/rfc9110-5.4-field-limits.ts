import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { basePage } from './fixture-site.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '5.4', title: 'Field Limits' };

export default section(citation, [
  rule({
    slug: 'oversized-fields-answered-4xx',
    level: 'MUST',
    title: 'Header fields larger than the server will process are answered with a 4xx status (not dropped, not 5xx)',
    sends: 'GET with one 70–100 KiB field value, or 2000–3000 small fields',
    input: fc.oneof(fc.integer({ min: 70 * 1024, max: 100 * 1024 }).map((n) => ({ kind: 'one large field' as const, n })), fc.integer({ min: 2000, max: 3000 }).map((n) => ({ kind: 'many fields' as const, n }))),
    maxRuns: 3,
    check: async (io, { kind, n }) => {
      const fields: [string, string][] = kind === 'one large field' ? [['X-Large', 'a'.repeat(n)]] : Array.from({ length: n }, (_, i) => [`X-Field-${i}`, 'v']);
      const response = await exchange(io, { target: basePage, fields });
      // A server willing to process fields this large may answer normally.
      if (response.status === 200) return;
      expectThat(response.status >= 400 && response.status < 500, `${kind} (${n}) was answered ${response.status}`, 'a 4xx status (431 or 400)', String(response.status));
    },
  }),
]);
