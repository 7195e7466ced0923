import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, missingQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { canonical, nameOfLabels } from './names.ts';
import { typeNames } from './reply.ts';
import fc from 'fast-check';

/** RFC 1035 §4.1.2: the answer repeats the query's one question: name, type and class. */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '4.1.2', title: 'Question section format' };

export default section(citation, [
  rule({
    slug: 'question-echoed',
    level: 'MUST',
    concurrent: true,
    title: 'The answer repeats the question: the same QNAME, QTYPE and QCLASS, once',
    sends: 'queries for names with data and for missing names',
    input: (setup) => fc.oneof(answerableQuestion(setup), missingQuestion(setup)),
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectEqual('QDCOUNT of the answer', reply.message.questions.length, 1);
      const question = reply.message.questions[0];
      expectEqual('QNAME of the answer', canonical(nameOfLabels(question?.labels ?? [])), canonical(q.name));
      expectEqual('QTYPE of the answer', typeNames[question?.type ?? 0] ?? String(question?.type), q.type);
      expectEqual('QCLASS of the answer', question?.klass, 1);
    },
  }),
]);
