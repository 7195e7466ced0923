import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, multiRecordQuestion } from './arbitraries-auth.ts';
import { askWhole } from './exchange.ts';
import { expectRecordSet } from './expect-dns.ts';
import { typeNames } from './reply.ts';
import { loadZoneView } from './zone-view.ts';

/**
 * RFC 2181 §5.1 and §5.2: an RRset (records of one name, class and type) is sent whole, never
 * in part, and all its records carry the same TTL.
 */

const whole = { suite: 'dns-auth', rfc: 'RFC 2181', section: '5.1', title: 'Sending RRs from an RRSet' };
const ttls = { suite: 'dns-auth', rfc: 'RFC 2181', section: '5.2', title: 'TTLs of RRs in an RRSet' };

export const wholeRules = section(whole, [
  rule({
    slug: 'whole-rrset',
    level: 'MUST',
    concurrent: true,
    title: 'The answer holds every record of the asked RRset and none that the zone lacks',
    sends: 'a query for a name and type with data',
    input: answerableQuestion,
    check: async (io, q) => {
      const reply = await askWhole(io, { id: q.id, name: q.name, type: q.type });
      const own = reply.message.answers.filter((r) => typeNames[r.type] === q.type);
      expectRecordSet(`the ${q.type} records of ${q.name}`, own, loadZoneView(io.options).rrset(q.name, q.type));
    },
  }),
]);

export const ttlRules = section(ttls, [
  rule({
    slug: 'one-ttl-per-rrset',
    level: 'MUST',
    title: 'All records of an RRset in the answer carry the same TTL',
    sends: 'a query for an RRset of several records',
    input: multiRecordQuestion,
    maxRuns: 15,
    check: async (io, q) => {
      const reply = await askWhole(io, { id: q.id, name: q.name, type: q.type });
      const found = [...new Set(reply.message.answers.filter((r) => typeNames[r.type] === q.type).map((r) => r.ttl))];
      expectThat(found.length <= 1, `the ${q.type} records of ${q.name} carry different TTLs`, 'one TTL', found.join(', '));
    },
  }),
]);
