import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, multiRecordQuestion, referralQuestion } from './arbitraries-auth.ts';
import { ask, askWhole } from './exchange.ts';
import { writeMessage } from './wire-format.ts';

/**
 * RFC 1035 §4.1.4: a name, or the tail of one, may be replaced by a pointer to an earlier
 * occurrence of it in the message. A pointer may only point back (to a prior occurrence); using
 * pointers at all is the sender's choice.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '4.1.4', title: 'Message compression' };

export default section(citation, [
  rule({
    slug: 'pointers-point-back',
    level: 'MUST',
    concurrent: true,
    title: 'Every compression pointer points to an earlier position in the message',
    sends: 'queries whose answers repeat names (RRsets, referrals, CNAMEs)',
    input: (setup) => fc.oneof(answerableQuestion(setup), referralQuestion(setup)),
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      const faults = reply.problems.filter((p) => p.kind === 'pointer');
      expectThat(faults.length === 0, `a compression pointer does not point back: ${faults.map((p) => p.detail).join('; ')}`, 'pointers to prior occurrences', faults.map((p) => p.detail).join('; '));
    },
  }),
  rule({
    slug: 'repeated-names-compressed',
    level: 'MAY',
    title: 'Names repeated in an answer are compressed, so the message is shorter than written out in full',
    sends: 'a query for an RRset of several records (each owner repeats the question)',
    input: multiRecordQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await askWhole(io, { id: q.id, name: q.name, type: q.type });
      const full = writeMessage(reply.message, false).length;
      expectThat(reply.bytes.length < full, 'the answer repeats names in full instead of pointing to them', `fewer than ${full} bytes`, `${reply.bytes.length} bytes`);
    },
  }),
]);
