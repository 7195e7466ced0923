import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion } from './arbitraries-auth.ts';
import { askTcp, describeQuery, encodeQuery, framed, readFramed } from './exchange.ts';

/**
 * RFC 7766 §6.2.1 and §6.2.1.1: a TCP connection carries many queries; a client may send them
 * one after another or all at once (pipelined), and the server answers every one, in any order,
 * each matched by its ID (§7).
 */

const reuse = { suite: 'dns-auth', rfc: 'RFC 7766', section: '6.2.1', title: 'Connection Reuse' };
const pipelining = { suite: 'dns-auth', rfc: 'RFC 7766', section: '6.2.1.1', title: 'Query Pipelining' };

/** 2-5 questions with distinct IDs. */
const severalQuestions = (setup: Parameters<typeof answerableQuestion>[0]) =>
  fc.uniqueArray(answerableQuestion(setup), { minLength: 2, maxLength: 5, selector: (q) => q.id });

export const reuseRules = section(reuse, [
  rule({
    slug: 'several-queries-per-connection',
    level: 'SHOULD',
    title: 'After answering, the server keeps the connection open for the next query',
    sends: '2-5 queries one after another on one TCP connection',
    input: severalQuestions,
    maxRuns: 15,
    check: async (io, questions) => {
      const connection = await io.tcp();
      for (const q of questions) {
        const reply = await askTcp(io, encodeQuery({ id: q.id, name: q.name, type: q.type }), describeQuery({ id: q.id, name: q.name, type: q.type }), connection);
        expectEqual('ID of the answer on the shared connection', reply.id, q.id);
      }
    },
  }),
]);

export const pipeliningRules = section(pipelining, [
  rule({
    slug: 'pipelined-queries-answered',
    level: 'MUST',
    title: 'Queries sent together on one connection each get their answer (any order, matched by ID)',
    sends: '2-5 queries written at once on one TCP connection',
    input: severalQuestions,
    maxRuns: 15,
    check: async (io, questions) => {
      const connection = await io.tcp();
      io.step(`TCP: send ${questions.map((q) => describeQuery({ id: q.id, name: q.name, type: q.type })).join(', ')} in one write`);
      await connection.write(Buffer.concat(questions.map((q) => framed(encodeQuery({ id: q.id, name: q.name, type: q.type })))));
      const ids: number[] = [];
      for (let i = 0; i < questions.length; i++) ids.push((await readFramed(connection, `answer ${i + 1} of ${questions.length}`)).id);
      const expected = questions.map((q) => q.id).sort((a, b) => a - b);
      const got = [...ids].sort((a, b) => a - b);
      expectThat(JSON.stringify(expected) === JSON.stringify(got), 'the answers do not match the queries one for one', expected.join(','), got.join(','));
    },
  }),
]);
