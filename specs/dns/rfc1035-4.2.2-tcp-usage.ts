import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, bigQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { expectRecordSet } from './expect-dns.ts';
import { typeNames } from './reply.ts';
import { loadZoneView } from './zone-view.ts';

/**
 * RFC 1035 §4.2.2: over TCP each message is preceded by its length in two octets, and no
 * 512-octet limit applies — an RRset too large for UDP comes whole.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '4.2.2', title: 'TCP usage' };

export default section(citation, [
  rule({
    slug: 'tcp-length-prefixed',
    level: 'MUST',
    title: 'A query over TCP gets one answer preceded by its two-octet length',
    sends: 'a length-prefixed query over TCP for a name with data',
    input: answerableQuestion,
    maxRuns: 20,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type }, 'tcp');
      expectEqual('ID of the TCP answer', reply.id, q.id);
    },
  }),
  rule({
    slug: 'tcp-answer-whole',
    level: 'MUST',
    title: 'Over TCP an RRset larger than 512 octets comes whole, with TC clear',
    sends: 'a TCP query for an RRset larger than 512 octets',
    input: bigQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type }, 'tcp');
      expectThat(!reply.tc, 'the TCP answer has TC set', 'TC=0', 'TC=1');
      const view = loadZoneView(io.options);
      expectRecordSet(`the ${q.type} records of ${q.name}`, reply.message.answers.filter((r) => typeNames[r.type] === q.type), view.rrset(q.name, q.type));
    },
  }),
]);
