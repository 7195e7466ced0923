import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, freshLabel, missingQuestion, queryId } from './arbitraries-auth.ts';
import { ask, askUdp } from './exchange.ts';
import { expectRcode } from './expect-dns.ts';
import { rcodes } from './reply.ts';

/**
 * RFC 1035 §4.1.1: the header. An answer carries the query's ID, sets QR, copies OPCODE and RD,
 * sets AA when the data is the server's own, and its four counts describe the sections that
 * follow. RCODE 1 answers what cannot be read, RCODE 4 kinds of query the server lacks.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '4.1.1', title: 'Header section format' };

/** A query whose header promises a question the message then cuts off. */
function truncatedQuestion(id: number, keep: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4);
  const question = Buffer.from([4, 0x67, 0x61, 0x69, 0x61, 2, 0x63, 0x73, 5, 0x75, 0x6d, 0x61, 0x73, 0x73, 3, 0x65, 0x64, 0x75, 0, 0, 1, 0, 1]);
  return Buffer.concat([header, question.subarray(0, keep)]);
}

export default section(citation, [
  rule({
    slug: 'id-echoed',
    level: 'MUST',
    concurrent: true,
    title: 'The answer carries the ID of the query it answers',
    sends: 'a query for a name with data, with a random ID',
    input: answerableQuestion,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectEqual('ID of the answer', reply.id, q.id);
    },
  }),
  rule({
    slug: 'qr-set',
    level: 'MUST',
    title: 'The answer has QR set (it is a response)',
    sends: 'a query for a name with data',
    input: answerableQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectThat(reply.qr, 'the answer has QR clear', 'QR=1', 'QR=0');
    },
  }),
  rule({
    slug: 'opcode-and-rd-copied',
    level: 'MUST',
    concurrent: true,
    title: 'OPCODE and RD are copied from the query into the answer',
    sends: 'a standard query with RD set or clear',
    input: (setup) => fc.tuple(answerableQuestion(setup), fc.boolean()),
    check: async (io, [q, rd]) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type, rd });
      expectEqual('OPCODE of the answer', reply.opcode, 0);
      expectEqual('RD of the answer', reply.rd, rd);
    },
  }),
  rule({
    slug: 'aa-for-zone-data',
    level: 'MUST',
    concurrent: true,
    title: 'An answer from a served zone has AA set (the server is the authority for it)',
    sends: 'a query for a name with data, and one for a missing name',
    input: (setup) => fc.oneof(answerableQuestion(setup), missingQuestion(setup)),
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectThat(reply.aa, `the answer for ${q.name} ${q.type} has AA clear`, 'AA=1', 'AA=0');
    },
  }),
  rule({
    slug: 'no-authority-outside-zones',
    level: 'MUST',
    title: 'A name outside every served zone gets no answer claiming authority (AA clear, no records)',
    sends: 'a query for an invented name under a TLD no fixture zone uses',
    input: fc.record({ id: queryId, label: freshLabel, type: fc.constantFrom('A', 'MX', 'TXT') }),
    maxRuns: 10,
    check: async (io, q) => {
      const name = `${q.label}.example.invalid`;
      const reply = await ask(io, { id: q.id, name, type: q.type });
      expectThat(!reply.aa && reply.message.answers.length === 0, `the answer for ${name} claims authority or holds records`, 'AA=0 and no records (REFUSED)', `AA=${reply.aa ? 1 : 0}, ${reply.message.answers.length} records, RCODE ${reply.rcode}`);
    },
  }),
  rule({
    slug: 'no-recursion-offered',
    level: 'SHOULD',
    title: 'An authority-only server leaves RA clear: it does not offer recursion',
    sends: 'a query with RD set',
    input: answerableQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type, rd: true });
      expectThat(!reply.ra, 'the answer sets RA though the server only serves its zones', 'RA=0', 'RA=1');
    },
  }),
  rule({
    slug: 'notimp-for-unknown-opcode',
    level: 'MUST',
    title: 'A query with an opcode the server does not implement gets RCODE 4 (Not Implemented)',
    sends: 'a query with an unassigned opcode (3, 7-15)',
    input: (setup) => fc.tuple(answerableQuestion(setup), fc.constantFrom(3, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
    maxRuns: 15,
    check: async (io, [q, opcode]) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type, opcode });
      expectRcode(reply, rcodes.NOTIMP, `a query with opcode ${opcode}`);
    },
  }),
  rule({
    slug: 'formerr-for-unreadable-query',
    level: 'MUST',
    title: 'A query the server cannot read (its question cut short) gets RCODE 1 (Format Error)',
    sends: 'a header announcing one question, followed by only part of it',
    input: fc.tuple(queryId, fc.integer({ min: 1, max: 21 })),
    maxRuns: 20,
    check: async (io, [id, keep]) => {
      const reply = await askUdp(io, truncatedQuestion(id, keep), `a query whose question stops after ${keep} of 23 bytes`);
      expectEqual('ID of the answer', reply.id, id);
      expectRcode(reply, rcodes.FORMERR, 'a cut-short query');
    },
  }),
  rule({
    slug: 'counts-cover-message',
    level: 'MUST',
    concurrent: true,
    title: 'QDCOUNT, ANCOUNT, NSCOUNT and ARCOUNT announce exactly the records that follow, with no bytes after them',
    sends: 'queries for names with data and missing names; walks the answer record by record',
    input: (setup) => fc.oneof(answerableQuestion(setup), missingQuestion(setup)),
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      const faults = reply.problems.filter((p) => p.kind === 'counts' || p.kind === 'trailing');
      expectThat(faults.length === 0, `the header counts do not describe the message: ${faults.map((p) => p.detail).join('; ')}`, 'counts matching the sections', faults.map((p) => p.detail).join('; '));
    },
  }),
]);
