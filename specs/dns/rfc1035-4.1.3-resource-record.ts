import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, referralQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';

/**
 * RFC 1035 §4.1.3: RDLENGTH counts the octets of RDATA. For a type of fixed size (A: 4, AAAA:
 * 16) it is that size; for types made of names and fixed fields it is exactly what they take.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '4.1.3', title: 'Resource record format' };

export default section(citation, [
  rule({
    slug: 'rdlength-matches-rdata',
    level: 'MUST',
    concurrent: true,
    title: "Every record's RDLENGTH equals the size of its RDATA (4 for A, 16 for AAAA, the fields' size otherwise)",
    sends: 'queries for names with data and below delegations; walks every record',
    input: (setup) => fc.oneof(answerableQuestion(setup), referralQuestion(setup)),
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      const faults = reply.problems.filter((p) => p.kind === 'rdlength');
      expectThat(faults.length === 0, `RDLENGTH does not match the RDATA: ${faults.map((p) => p.detail).join('; ')}`, 'RDLENGTH = size of RDATA', faults.map((p) => p.detail).join('; '));
    },
  }),
]);
