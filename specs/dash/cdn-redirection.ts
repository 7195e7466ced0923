import dnsPacket, { type Packet } from 'dns-packet';
import fc from 'fast-check';
import { expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { buildRequest } from '../http/requests.ts';
import { readResponse } from '../http/response-reader.ts';
import { closestNode, type CdnTopology, numberToIpv4, prefixRange, readTopology } from './cdn-topology.ts';
import { manifestPath } from './fixture-presentation.ts';
import { MpdError, parseMpd, segmentUrl } from './mpd.ts';

/**
 * The CDN redirector (Kurose & Ross §2.6.3, DNS-based cluster selection): the target answers
 * DNS queries on UDP {port} for the video host name of fixtures/dash/cdn/topology.json with the
 * A record of the node closest to the querying address (longest client prefix, else the default
 * node), and each node serves the presentation over HTTP on TCP {node address}:{port} with an
 * MPD whose BaseURL points at that node. The harness queries from several source addresses in
 * 127.0.0.0/8.
 */

const course = { suite: 'dash-cdn', rfc: 'Kurose & Ross, Computer Networking', section: '2.6.3', title: 'Content Distribution Networks' };
const rfc1035 = (sectionNumber: string, title: string) => ({ suite: 'dash-cdn', rfc: 'RFC 1035', section: sectionNumber, title });
const rfc1034 = (sectionNumber: string, title: string) => ({ suite: 'dash-cdn', rfc: 'RFC 1034', section: sectionNumber, title });

/** A client address: inside one of the topology's prefixes, or elsewhere in 127.0.0.0/8. */
const clientAddress = (topology: CdnTopology): fc.Arbitrary<string> =>
  fc.oneof(
    ...topology.clients.map((c) => {
      const { first, size } = prefixRange(c.prefix);
      return fc.integer({ min: 1, max: size - 2 }).map((offset) => numberToIpv4(first + offset));
    }),
    fc.integer({ min: 4, max: 250 }).chain((third) => fc.integer({ min: 1, max: 254 }).map((fourth) => `127.0.${third}.${fourth}`)),
  );

interface Exchange {
  query: Packet;
  reply: Packet;
}

async function ask(io: RunIO, from: string, name: string, type: 'A' | 'AAAA' = 'A', id = 0x1234): Promise<Exchange> {
  const socket = await io.udp(io.target, { bindHost: from });
  try {
    const query: Packet = { id, type: 'query', flags: 0, questions: [{ type, class: 'IN', name }] };
    io.step(`from ${from}: query ${type} ${name} (id ${id})`);
    await socket.send(dnsPacket.encode(query), io.target);
    const { data } = await socket.receive(`the answer to ${type} ${name}`);
    let reply: Packet;
    try {
      reply = dnsPacket.decode(data);
    } catch (error) {
      return violation(`the answer is not a DNS message: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.step(`answer: rcode ${rcodeOf(reply)}, ${(reply.answers ?? []).map((a) => `${a.type} ${'data' in a ? String(a.data) : ''} ttl ${'ttl' in a ? a.ttl : '?'}`).join('; ') || 'no answers'}`);
    return { query, reply };
  } finally {
    socket.close();
  }
}

const setupInput = <T>(make: (topology: CdnTopology) => fc.Arbitrary<T>) => ({ options }: { options: { fixturesDir: string } }) => make(readTopology(options.fixturesDir));

const rcodeNames = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
const rcodeOf = (reply: Packet): string => rcodeNames[(reply.flags ?? 0) & 0xf] ?? `rcode ${(reply.flags ?? 0) & 0xf}`;
const opcodeOf = (reply: Packet): number => ((reply.flags ?? 0) >> 11) & 0xf;

function aRecords(reply: Packet): string[] {
  return (reply.answers ?? []).filter((a) => a.type === 'A').map((a) => String((a as { data: unknown }).data));
}

const header = section(rfc1035('4.1.1', 'Header section format'), [
  rule({
    slug: 'id-and-qr',
    level: 'MUST',
    title: 'The answer copies the query\'s ID, has QR set, and the opcode of the query',
    sends: 'a query for the video name, with a drawn ID, from a drawn client address',
    input: setupInput((t) => fc.record({ from: clientAddress(t), id: fc.integer({ min: 0, max: 0xffff }), name: fc.constant(t.name) })),
    maxRuns: 20,
    check: async (io, { from, id, name }) => {
      const { reply } = await ask(io, from, name, 'A', id);
      expectEqual('answer ID', reply.id, id);
      expectEqual('QR (message type)', reply.type, 'response');
      expectEqual('opcode', opcodeOf(reply), 0);
    },
  }),
]);

const question = section(rfc1035('4.1.2', 'Question section format'), [
  rule({
    slug: 'question-echoed',
    level: 'MUST',
    title: 'The answer carries the query\'s question: same name, type and class',
    sends: 'a query for the video name from a drawn client address',
    input: setupInput((t) => fc.record({ from: clientAddress(t), name: fc.constant(t.name) })),
    maxRuns: 10,
    check: async (io, { from, name }) => {
      const { reply } = await ask(io, from, name);
      const q = reply.questions?.[0];
      expectThat(q !== undefined && (reply.questions ?? []).length === 1, 'the answer does not carry the one question', '1 question', String((reply.questions ?? []).length));
      expectEqual('question name', `${q.name.toLowerCase().replace(/\.$/, '')}.`, name.toLowerCase());
      expectEqual('question type', q.type, 'A');
      expectEqual('question class', q.class, 'IN');
    },
  }),
]);

const authority = section(rfc1034('4.3.2', 'Algorithm'), [
  rule({
    slug: 'authoritative-answer',
    level: 'MUST',
    title: 'The redirector is authoritative for its zone: answers have AA set',
    sends: 'a query for the video name from a drawn client address',
    input: setupInput((t) => fc.record({ from: clientAddress(t), name: fc.constant(t.name) })),
    maxRuns: 10,
    check: async (io, { from, name }) => {
      const { reply } = await ask(io, from, name);
      expectThat(((reply.flags ?? 0) & dnsPacket.AUTHORITATIVE_ANSWER) !== 0, 'AA is not set', 'AA=1', 'AA=0');
    },
  }),
  rule({
    slug: 'unknown-name-nxdomain',
    level: 'MUST',
    title: 'Another name in the zone does not exist: NXDOMAIN, no answer records',
    sends: 'a query for <random label>.<zone> from a drawn client address',
    input: setupInput((t) => fc.record({ from: clientAddress(t), label: fc.stringMatching(/^[a-z][a-z0-9]{2,14}$/), zone: fc.constant(t.zone), video: fc.constant(t.name) })),
    maxRuns: 10,
    check: async (io, { from, label, zone, video }) => {
      const name = `${label}.${zone}`;
      if (name.toLowerCase() === video.toLowerCase()) return io.notApplicable('the drawn name is the video name');
      const { reply } = await ask(io, from, name);
      expectEqual(`rcode for ${name}`, rcodeOf(reply), 'NXDOMAIN');
      expectEqual('answer records', (reply.answers ?? []).length, 0);
    },
  }),
]);

const redirection = section(course, [
  rule({
    slug: 'closest-node',
    level: 'MUST',
    title: 'The video name resolves to exactly one A record: the node of the longest client prefix holding the querying address, else the default node',
    sends: 'queries for the video name from drawn client addresses in and out of the topology\'s prefixes',
    input: setupInput((t) => fc.record({ from: clientAddress(t), topology: fc.constant(t) })),
    maxRuns: 30,
    check: async (io, { from, topology }) => {
      const { reply } = await ask(io, from, topology.name);
      expectEqual('rcode', rcodeOf(reply), 'NOERROR');
      const expected = closestNode(topology, from);
      expectEqual(`A records for a client at ${from}`, aRecords(reply).join(', '), expected.address);
    },
  }),
  rule({
    slug: 'short-ttl',
    level: 'SHOULD',
    title: 'The redirection is given a short TTL (at most the contract\'s maxTtl), so that caches do not pin clients to one node',
    sends: 'a query for the video name from a drawn client address',
    input: setupInput((t) => fc.record({ from: clientAddress(t), topology: fc.constant(t) })),
    maxRuns: 10,
    check: async (io, { from, topology }) => {
      const { reply } = await ask(io, from, topology.name);
      const ttls = (reply.answers ?? []).filter((a) => a.type === 'A').map((a) => (a as { ttl?: number }).ttl ?? 0);
      if (ttls.length === 0) return io.notApplicable('no A record in the answer (see closest-node)');
      for (const ttl of ttls) expectThat(ttl <= topology.maxTtl, `TTL ${ttl} s is longer than the contract's ${topology.maxTtl} s`, `TTL ≤ ${topology.maxTtl}`, String(ttl));
    },
  }),
  rule({
    slug: 'node-manifest-points-at-node',
    level: 'MUST',
    title: 'Each node serves /manifest.mpd on TCP {node}:{port}, and its BaseURL points at that node, so segments come from the node',
    sends: 'GET /manifest.mpd from a drawn node, then GET of a drawn segment from the URL the MPD gives',
    input: setupInput((t) => fc.record({ node: fc.constantFrom(...t.nodes), rep: fc.nat({ max: 63 }), segment: fc.nat({ max: 10_000 }) })),
    maxRuns: 10,
    check: async (io, { node, rep: repIndex, segment }) => {
      const nodeEndpoint = { host: node.address, port: io.target.port };
      const connection = await io.tcp(nodeEndpoint);
      io.step(`GET ${manifestPath} from node ${node.id} (${node.address}:${io.target.port})`);
      await connection.write(buildRequest(nodeEndpoint, { target: manifestPath }));
      const response = await readResponse(connection);
      expectEqual(`status of GET ${manifestPath} from node ${node.id}`, response.status, 200);
      let presentation;
      try {
        presentation = parseMpd(response.body.toString('utf8'));
      } catch (error) {
        if (error instanceof MpdError) return violation(`node ${node.id} serves an MPD that cannot be read: ${error.message}`);
        throw error;
      }
      const base = new URL(presentation.baseUrl ?? manifestPath, `http://${node.address}:${io.target.port}${manifestPath}`);
      expectEqual(`host of the BaseURL served by node ${node.id}`, base.host, `${node.address}:${io.target.port}`);
      const rep = presentation.representations[repIndex % presentation.representations.length];
      if (!rep) return violation(`node ${node.id} serves an MPD without Representations`);
      const url = new URL(segmentUrl(rep, rep.startNumber + (segment % rep.segmentCount)), base);
      io.step(`GET ${url.pathname} from node ${node.id}`);
      await connection.write(buildRequest(nodeEndpoint, { target: `${url.pathname}${url.search}` }));
      const segmentResponse = await readResponse(connection);
      expectEqual(`status of GET ${url.pathname} from node ${node.id}`, segmentResponse.status, 200);
    },
  }),
]);

export default [...header, ...question, ...authority, ...redirection];
