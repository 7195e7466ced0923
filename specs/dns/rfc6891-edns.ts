import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, bigQuestion, queryId } from './arbitraries-auth.ts';
import { ask, askUdp, optRecord } from './exchange.ts';
import { expectRcode } from './expect-dns.ts';
import { ednsVersion, rcodes, types } from './reply.ts';
import { loadZoneView, requireSome } from './zone-view.ts';

/**
 * RFC 6891 (EDNS(0)): an OPT record in the additional section announces the client's UDP
 * payload size and EDNS version. The server answers OPT with OPT (and never sends OPT to a
 * client that sent none), refuses two OPTs with FORMERR, answers an unknown version with
 * BADVERS, treats sizes under 512 as 512, and uses the size offered.
 */

const cite = (section: string, title: string) => ({ suite: 'dns-auth', rfc: 'RFC 6891', section, title });

export const supportRules = section(cite('3', 'EDNS Support Requirement'), [
  rule({
    slug: 'opt-answered-with-opt',
    level: 'SHOULD',
    title: 'A query with an OPT record (version 0) gets an answer with one OPT record of version 0',
    sends: 'a query with OPT version 0',
    input: (setup) => fc.tuple(answerableQuestion(setup), fc.integer({ min: 512, max: 4096 })),
    maxRuns: 15,
    check: async (io, [q, size]) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type, edns: { version: 0, size } });
      const opts = reply.message.additionals.filter((r) => r.type === types.OPT);
      expectEqual('OPT records in the answer', opts.length, 1);
      expectEqual('EDNS version of the answer', ednsVersion(opts[0] as NonNullable<(typeof opts)[0]>), 0);
    },
  }),
]);

export const transportRules = section(cite('7', 'Transport Considerations'), [
  rule({
    slug: 'no-opt-without-opt',
    level: 'MUST',
    title: 'A query without an OPT record gets an answer without one',
    sends: 'a plain query with no additional records',
    input: answerableQuestion,
    maxRuns: 15,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectThat(!reply.message.additionals.some((r) => r.type === types.OPT), 'the answer carries an OPT record the client did not offer', 'no OPT', 'OPT present');
    },
  }),
]);

export const basicRules = section(cite('6.1.1', 'Basic Elements'), [
  rule({
    slug: 'two-opts-formerr',
    level: 'MUST',
    title: 'A query carrying two OPT records gets FORMERR',
    sends: 'a query with two OPT records in the additional section',
    input: answerableQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const opt = optRecord(1232, 0);
      const query = dnsPacket.encode({ id: q.id, type: 'query', questions: [{ name: q.name, type: q.type as 'A', class: 'IN' }], additionals: [opt, opt] });
      const reply = await askUdp(io, query, `${q.name} ${q.type} id ${q.id} with two OPT records`);
      expectRcode(reply, rcodes.FORMERR, 'a query with two OPT records');
    },
  }),
]);

export const versionRules = section(cite('6.1.3', 'OPT Record TTL Field Use'), [
  rule({
    slug: 'badvers-for-unknown-version',
    level: 'MUST',
    title: 'A query with an EDNS version the server does not implement (1-255) gets BADVERS (extended RCODE 16)',
    sends: 'a query with OPT of version 1-255',
    input: (setup) => fc.tuple(answerableQuestion(setup), fc.integer({ min: 1, max: 255 })),
    maxRuns: 15,
    check: async (io, [q, version]) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type, edns: { version, size: 1232 } });
      expectRcode(reply, rcodes.BADVERS, `a query with EDNS version ${version}`);
    },
  }),
]);

export const payloadRules = section(cite('6.2.3', "Requestor's Payload Size"), [
  rule({
    slug: 'small-payload-means-512',
    level: 'MUST',
    title: 'An offered UDP payload size under 512 is treated as 512: an answer that fits 512 octets is not truncated',
    sends: 'a query with OPT offering 0-511 octets, for data that fits in 512 octets',
    input: (setup) => {
      const view = loadZoneView(setup.options);
      const medium = requireSome(view.answerable().filter((q) => { const size = dnsPacket.encodingLength({ answers: view.rrset(q.name, q.type) }); return size > 150 && size < 350; }), 'RRsets of 150-350 octets');
      return fc.record({ id: queryId, pair: fc.constantFrom(...medium), size: fc.integer({ min: 0, max: 120 }) });
    },
    maxRuns: 15,
    check: async (io, { id, pair, size }) => {
      const reply = await ask(io, { id, name: pair.name, type: pair.type, edns: { version: 0, size } });
      expectThat(!reply.tc, `the answer was truncated to fit ${size} octets`, 'TC=0 (512 octets allowed)', `TC=1 (${reply.bytes.length} octets)`);
    },
  }),
]);

export const selectionRules = section(cite('6.2.5', 'Payload Size Selection'), [
  rule({
    slug: 'offered-payload-used',
    level: 'SHOULD',
    title: 'An answer larger than 512 octets but within the offered payload size comes whole over UDP',
    sends: 'a query with OPT offering 4096 octets for an RRset of 512-4000 octets',
    input: bigQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type, edns: { version: 0, size: 4096 } });
      expectThat(!reply.tc, 'the answer was truncated though the client offered 4096 octets', 'TC=0', `TC=1 (${reply.bytes.length} octets)`);
    },
  }),
]);
