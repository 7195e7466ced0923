import type { ZoneRecord } from './master-file.ts';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { aliasQuestion, referralQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { expectNoAnswers, expectRcode, expectRecordSet } from './expect-dns.ts';
import { canonical, isAtOrBelow, nameOfLabels } from './names.ts';
import { describeRecords, rcodes, recordKey, types, wireRecordOf, zoneRecordKey } from './reply.ts';
import { type ZoneView, loadZoneView } from './zone-view.ts';

/**
 * RFC 1034 §4.3.2, the authoritative lookup: below a zone cut the server refers the client to
 * the child's servers (NS in authority, their in-zone addresses as glue); at an alias it gives
 * the CNAME and, when the asked type is not CNAME, carries on at the canonical name while that
 * stays in its zones.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1034', section: '4.3.2', title: 'Algorithm' };

/** The answer section an alias must get: its CNAME chain through the served zones, then the data. */
function expectedChain(view: ZoneView, name: string, type: string): ZoneRecord[] {
  const out: ZoneRecord[] = [];
  let at = name;
  for (let hop = 0; hop < 16; hop++) {
    const cname = view.rrset(at, 'CNAME')[0];
    if (!cname) break;
    out.push(cname);
    at = cname.data as string;
    if (!view.zoneOf(at) || view.cutAbove(at)) return out;
  }
  return [...out, ...view.rrset(at, type)];
}

export default section(citation, [
  rule({
    slug: 'referral-below-cut',
    level: 'MUST',
    title: "A name at or below a delegation gets a referral: no answer, AA clear, the child's NS set in authority",
    sends: 'a query for a name at or below a delegated child zone',
    input: referralQuestion,
    maxRuns: 20,
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NOERROR, 'a referral');
      expectNoAnswers(reply, 'a referral');
      expectThat(!reply.aa, 'the referral claims authority (AA set) for data of the child zone', 'AA=0', 'AA=1');
      const cut = view.cutAbove(q.name) as string;
      expectRecordSet(`the NS records of ${cut} in authority`, reply.message.authorities.filter((r) => r.type === types.NS), view.rrset(cut, 'NS'));
    },
  }),
  rule({
    slug: 'glue-with-referral',
    level: 'MUST',
    title: 'A referral carries, as additional data, the addresses the zone holds for the child servers below the cut',
    sends: 'a query for a name below a delegation whose servers are named inside it',
    input: referralQuestion,
    maxRuns: 20,
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      const cut = view.cutAbove(q.name) as string;
      const glue = view
        .rrset(cut, 'NS')
        .map((ns) => ns.data as string)
        .filter((target) => isAtOrBelow(target, cut))
        .flatMap((target) => [...view.rrset(target, 'A'), ...view.rrset(target, 'AAAA')]);
      const got = new Set(reply.message.additionals.map((r) => recordKey(r)));
      const missing = glue.filter((g) => !got.has(zoneRecordKey(g)));
      expectThat(missing.length === 0, 'the referral lacks glue the zone holds', () => describeRecords(glue.map(wireRecordOf)), () => describeRecords(reply.message.additionals));
    },
  }),
  rule({
    slug: 'cname-chain-followed',
    level: 'MUST',
    title: 'Asking an alias for A gives its CNAME, then the records of the canonical name, following chains inside the served zones',
    sends: 'an A query for each CNAME owner',
    input: aliasQuestion('A'),
    maxRuns: 15,
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      const first = reply.message.answers[0];
      expectThat(first?.type === types.CNAME && canonical(nameOfLabels(first.labels)) === canonical(q.name), 'the answer does not begin with the CNAME of the asked name', `CNAME of ${q.name}`, () => describeRecords(reply.message.answers));
      expectRecordSet(`the answer for alias ${q.name}`, reply.message.answers, expectedChain(view, q.name, q.type));
    },
  }),
  rule({
    slug: 'cname-asked-directly',
    level: 'MUST',
    title: 'Asking an alias for type CNAME gives that CNAME alone, without following it',
    sends: 'a CNAME query for each CNAME owner',
    input: aliasQuestion('CNAME'),
    maxRuns: 15,
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectEqual('RCODE', reply.rcode, rcodes.NOERROR);
      expectRecordSet(`the answer for ${q.name} CNAME`, reply.message.answers, view.rrset(q.name, 'CNAME'));
    },
  }),
]);
