import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { respelledQuestion } from './arbitraries-auth.ts';
import { ask, askWhole } from './exchange.ts';
import { expectRcode } from './expect-dns.ts';
import { nameOfLabels } from './names.ts';
import { type Reply, describeRecords, rcodes, typeNames } from './reply.ts';

/**
 * RFC 1035 §2.3.3: names compare without regard to ASCII case, yet the case a name was written
 * in is kept where possible — in particular the question comes back as the client spelled it.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '2.3.3', title: 'Character Case' };

export default section(citation, [
  rule({
    slug: 'case-insensitive-match',
    level: 'MUST',
    concurrent: true,
    title: 'A name spelled in another mix of cases finds the same records as spelled in the zone',
    sends: 'a query for a name with data as the zone spells it, then with letters flipped at random',
    input: respelledQuestion,
    check: async (io, q) => {
      const asWritten = await askWhole(io, { id: q.id, name: q.name, type: q.type });
      const reply = await askWhole(io, { id: q.id, name: q.respelled, type: q.type });
      expectRcode(reply, rcodes.NOERROR, `${q.respelled} ${q.type}`);
      const keys = (r: Reply): string => describeRecords(r.message.answers.filter((a) => typeNames[a.type] === q.type));
      expectEqual(`the ${q.type} records of ${q.respelled} (against those of ${q.name})`, keys(reply), keys(asWritten));
      expectThat(reply.message.answers.length > 0, `${q.respelled} ${q.type} got no records`, 'the zone\'s records', '(none)');
    },
  }),
  rule({
    slug: 'question-case-preserved',
    level: 'SHOULD',
    concurrent: true,
    title: 'The question comes back spelled exactly as the client sent it',
    sends: 'a query for a name with data, letters flipped at random',
    input: respelledQuestion,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.respelled, type: q.type });
      expectEqual('QNAME of the answer, byte for byte', nameOfLabels(reply.message.questions[0]?.labels ?? []), q.respelled);
    },
  }),
]);
