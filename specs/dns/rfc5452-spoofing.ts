import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { type FakeHierarchy, type LoggedQuery, encodeCompressed } from './fake-hierarchy.ts';
import { a, addressesIn, askResolver, freshZones, nonce, withHierarchy } from './resolver-scenario.ts';

/**
 * RFC 5452 §9.1: a resolver accepts an answer only if it comes from the address and port it
 * asked, carries the ID it chose, and repeats its question; §9.2: the ID and the source port of
 * each query are unpredictable. The rules race forged answers — sent the moment the resolver's
 * query reaches the zone's server, while the real answer waits 150 ms. The MUST is that the
 * forgery never wins; a resolver may answer SERVFAIL rather than wait on for the real answer.
 */

const matching = { suite: 'dns-resolver', rfc: 'RFC 5452', section: '9.1', title: 'Query Matching Rules' };
const space = { suite: 'dns-resolver', rfc: 'RFC 5452', section: '9.2', title: 'Extending the Q-ID Space by Using Ports and Addresses' };

export const forgedAddress = '6.6.6.6';
const realDelayMs = 150;

type Forgery = 'wrong-id' | 'wrong-question' | 'wrong-source';

/** A forged answer to `query`: the forger's address for the asked name, wrong in one way. */
function forge(query: LoggedQuery, kind: Forgery): Buffer[] {
  const answer = (id: number, question: string) =>
    encodeCompressed({
      id,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [{ name: question, type: 'A', class: 'IN' }],
      answers: [{ name: query.name, type: 'A', ttl: 86400, class: 'IN', data: forgedAddress }],
    });
  if (kind === 'wrong-id') return Array.from({ length: 20 }, (_, i) => answer((query.id + 1 + i * 3181 + randomInt(0, 3000)) & 0xffff, query.name)).filter((b) => b.readUInt16BE(0) !== query.id);
  if (kind === 'wrong-question') return [answer(query.id, `forged.${query.name}`)];
  return [answer(query.id, query.name)];
}

/** Runs one race: forged answers of `kind` against the real, delayed one; returns the answer's addresses. */
async function race(io: RunIO, n: number, kind: Forgery): Promise<string[]> {
  const { tld, zone } = freshZones(n);
  const name = `bank.${zone}`;
  const onQuery = (query: LoggedQuery, hierarchy: FakeHierarchy): void => {
    if (query.role !== 'auth' || query.transport !== 'udp' || query.type !== 'A' || query.name.toLowerCase() !== name) return;
    for (const bytes of forge(query, kind)) hierarchy.sendFrom(kind === 'wrong-source' ? 'stranger' : 'auth', query.from, bytes);
  };
  return withHierarchy(io, { tld, zones: { [zone]: [a(name, '10.53.5.5', 300)] }, negativeTtl: 30, delayMs: { auth: realDelayMs }, onQuery }, async () => {
    io.step(`as the resolver's query for ${name} reaches the zone's server, forge answers (${kind}) saying ${forgedAddress}; the real answer follows ${realDelayMs} ms later`);
    return addressesIn(await askResolver(io, { name, type: 'A' }));
  });
}

const raceRule = (slug: string, kind: Forgery, title: string, sends: string) =>
  rule({
    slug,
    level: 'MUST',
    title,
    sends,
    input: nonce,
    maxRuns: 5,
    check: async (io, n) => {
      const addresses = await race(io, n, kind);
      expectThat(!addresses.includes(forgedAddress), 'the resolver accepted a forged answer (cache poisoned)', '10.53.5.5', addresses.join(', '));
      // Giving up on an exchange that drew a forgery (SERVFAIL) is safe; answering anything but the real data is not.
      expectThat(addresses.length === 0 || addresses.join(', ') === '10.53.5.5', 'the answer holds addresses the zone does not', '10.53.5.5 (or no answer)', addresses.join(', '));
    },
  });

export const matchingRules = section(matching, [
  raceRule('drops-wrong-id', 'wrong-id', 'Answers whose ID differs from the query\'s are dropped, however many arrive first', "20 forged answers with other IDs from the server's own address and port"),
  raceRule('drops-wrong-question', 'wrong-question', 'An answer whose question differs from the query\'s is dropped, even with the right ID', "a forged answer with the query's ID but another question"),
  raceRule('drops-wrong-source', 'wrong-source', 'An answer from an address other than the server asked is dropped, even with the right ID and question', 'a forged answer from 127.0.53.9 with the right ID and question'),
]);

/** The source ports and IDs of the resolver's UDP queries to the zone's server for `count` fresh names. */
async function upstreamQueries(io: RunIO, n: number, count: number): Promise<LoggedQuery[]> {
  const { tld, zone } = freshZones(n);
  const names = Array.from({ length: count }, (_, i) => `h${i}.${zone}`);
  return withHierarchy(io, { tld, zones: { [zone]: names.map((name, i) => a(name, `10.53.6.${i + 1}`, 300)) }, negativeTtl: 30 }, async (hierarchy) => {
    for (const name of names) await askResolver(io, { name, type: 'A' });
    return names.flatMap((name) => hierarchy.queriesTo('auth', name, 'A').filter((q) => q.transport === 'udp').slice(0, 1));
  });
}

/** Does each value follow the one before it by a small constant step (a counter, not chance)? */
function counting(values: number[]): boolean {
  const steps = values.slice(1).map((v, i) => (v - (values[i] as number) + 0x10000) % 0x10000);
  return steps.length > 0 && steps.every((s) => s === steps[0]) && (steps[0] as number) < 64;
}

export const spaceRules = section(space, [
  rule({
    slug: 'random-source-ports',
    level: 'MUST',
    title: 'Queries to name servers leave from unpredictable, changing source ports',
    sends: '8 recursive queries for fresh names; reads the source port of each query that reaches the zone\'s server',
    input: nonce,
    maxRuns: 2,
    check: async (io, n) => {
      const queries = await upstreamQueries(io, n, 8);
      const ports = queries.map((q) => q.from.port);
      io.step(`source ports: ${ports.join(', ')}`);
      expectThat(new Set(ports).size >= 6 && !counting(ports), 'the source ports are fixed or follow a pattern', 'at least 6 different, unpatterned ports in 8 queries', ports.join(', '));
    },
  }),
  rule({
    slug: 'random-query-ids',
    level: 'MUST',
    title: 'Queries to name servers carry unpredictable IDs',
    sends: '8 recursive queries for fresh names; reads the ID of each query that reaches the zone\'s server',
    input: nonce,
    maxRuns: 2,
    check: async (io, n) => {
      const queries = await upstreamQueries(io, n, 8);
      const ids = queries.map((q) => q.id);
      io.step(`IDs: ${ids.join(', ')}`);
      expectThat(new Set(ids).size >= 7 && !counting(ids), 'the query IDs repeat or count up', '8 unpatterned IDs', ids.join(', '));
    },
  }),
]);


