import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { queryId } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { canonical } from './names.ts';
import { describeRecords, recordKey, wireRecordOf, zoneRecordKey } from './reply.ts';
import { loadZoneView, requireSome } from './zone-view.ts';

/** RFC 1035 §3.3.9: an MX answer brings the exchanges' addresses the server holds as additional data. */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '3.3.9', title: 'MX RDATA format' };

export default section(citation, [
  rule({
    slug: 'mx-addresses-in-additional',
    level: 'SHOULD',
    title: 'An MX answer carries the A records the zone holds for its exchanges in the additional section',
    sends: 'an MX query for each name with MX records',
    input: (setup) => {
      const view = loadZoneView(setup.options);
      const owners = requireSome([...new Set(view.answerable().filter((q) => q.type === 'MX').map((q) => q.name))], 'MX records');
      return fc.record({ id: queryId, name: fc.constantFrom(...owners) });
    },
    maxRuns: 10,
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: 'MX' });
      const wanted = view.rrset(q.name, 'MX').flatMap((mx) => view.rrset(canonical((mx.data as { exchange: string }).exchange), 'A'));
      const got = new Set(reply.message.additionals.map((r) => recordKey(r)));
      const missing = wanted.filter((a) => !got.has(zoneRecordKey(a)));
      expectThat(missing.length === 0, 'the MX answer lacks the addresses of its exchanges', () => describeRecords(wanted.map(wireRecordOf)), () => describeRecords(reply.message.additionals));
    },
  }),
]);
