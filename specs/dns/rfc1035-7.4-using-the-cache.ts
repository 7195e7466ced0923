import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { FakeHierarchy } from './fake-hierarchy.ts';
import { a, askResolver, freshZones, nonce, sleep, withHierarchy } from './resolver-scenario.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';

/**
 * RFC 1035 §7.4: a resolver keeps what it learns for the TTL the data came with, answers from
 * that cache while the TTL lasts — handing out the TTL that is left, so it counts down — and
 * asks again once it has run out. The section's words are "should"; the rules are SHOULD.
 */

const citation = { suite: 'dns-resolver', rfc: 'RFC 1035', section: '7.4', title: 'Using the cache' };

/** The answer's TTL for `name`, and whether answering it cost a query to the zone's server. */
async function observe(io: RunIO, hierarchy: FakeHierarchy, name: string): Promise<{ ttl: number | undefined; asked: boolean }> {
  const before = hierarchy.queriesTo('auth', name, 'A').length;
  const reply = await askResolver(io, { name, type: 'A' });
  const asked = hierarchy.queriesTo('auth', name, 'A').length > before;
  return { ttl: reply.message.answers.find((r) => r.type === 1)?.ttl, asked };
}

/** The cache as the model sees it: when each name's record runs out (ms on the performance clock). */
interface CacheModel {
  expiresAt: Map<string, number>;
}

interface CacheSystem {
  io: RunIO;
  hierarchy: FakeHierarchy;
  names: string[];
  ttl: number;
}

/**
 * The clock a resolver keeps TTLs on may be whole seconds (unbound's is), so an entry can end up
 * to a second early or late: within that band around the model's expiry either outcome passes.
 */
const guardMs = 1050;

class QueryCommand implements fc.AsyncCommand<CacheModel, CacheSystem> {
  constructor(readonly index: number) {}
  check = (): boolean => true;
  async run(model: CacheModel, system: CacheSystem): Promise<void> {
    const name = system.names[this.index % system.names.length] as string;
    const now = performance.now();
    const expires = model.expiresAt.get(name);
    const { ttl, asked } = await observe(system.io, system.hierarchy, name);
    system.io.step(`query ${name}: ${asked ? 'the resolver asked the zone\'s server' : 'answered from the cache'} (TTL ${ttl ?? '-'})`);
    if (expires === undefined) expectThat(asked, `the first query for ${name} did not reach the zone's server`, 'a query upstream', 'none');
    else if (now < expires - guardMs) expectThat(!asked, `${name} was asked again upstream while its TTL still ran`, 'an answer from the cache', 'a new upstream query');
    else if (now > expires + guardMs) expectThat(asked, `${name} was answered from the cache after its TTL ran out`, 'a new upstream query', 'an answer from the cache');
    expectThat(ttl !== undefined && ttl <= system.ttl, `the answer's TTL exceeds the ${system.ttl} s the server gave`, `at most ${system.ttl}`, String(ttl));
    if (asked) model.expiresAt.set(name, performance.now() + system.ttl * 1000);
  }
  toString = (): string => `query(${this.index})`;
}

class WaitCommand implements fc.AsyncCommand<CacheModel, CacheSystem> {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(_model: CacheModel, system: CacheSystem): Promise<void> {
    system.io.step(`wait ${this.ms} ms`);
    await sleep(this.ms);
  }
  toString = (): string => `wait(${this.ms})`;
}

/**
 * Every sequence asks a name twice in a row (the second must come from the cache) and ends with
 * a wait past TTL + guard and a repeat (which must go upstream); between them, a random
 * mix of queries and waits explores the rest.
 */
/** Waits until the model says a name's record has run out, plus the guard band. */
class WaitForExpiryCommand implements fc.AsyncCommand<CacheModel, CacheSystem> {
  constructor(readonly index: number) {}
  check = (): boolean => true;
  async run(model: CacheModel, system: CacheSystem): Promise<void> {
    const name = system.names[this.index % system.names.length] as string;
    const ms = Math.max(0, (model.expiresAt.get(name) ?? 0) + guardMs + 100 - performance.now());
    system.io.step(`wait ${Math.round(ms)} ms, until ${name} has expired`);
    await sleep(ms);
  }
  toString = (): string => `waitForExpiry(${this.index})`;
}

const cacheCommands = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 1 }).map((i): fc.AsyncCommand<CacheModel, CacheSystem> => new QueryCommand(i)), fc.integer({ min: 300, max: 1000 }).map((ms) => new WaitCommand(ms))), { maxLength: 2 })
  .map((middle) => [new QueryCommand(0), new QueryCommand(0), ...middle, new WaitForExpiryCommand(0), new QueryCommand(0)]);

export default section(citation, [
  rule({
    slug: 'answers-from-cache',
    level: 'SHOULD',
    title: 'A second question within the TTL is answered from the cache, without asking the zone\'s server again',
    sends: 'the same recursive query twice',
    input: nonce,
    maxRuns: 6,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `www.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [a(name, '10.53.1.1', 300)] }, negativeTtl: 30 }, async (hierarchy) => {
        await askResolver(io, { name, type: 'A' });
        await askResolver(io, { name, type: 'A' });
        expectEqual(`queries for ${name} A that reached the zone's server`, hierarchy.queriesTo('auth', name, 'A').length, 1);
      });
    },
  }),
  rule({
    slug: 'ttl-counts-down',
    level: 'SHOULD',
    title: 'A cached answer carries the TTL that is left: lower than the original after time has passed',
    sends: 'a recursive query, then the same one 1.2 s later',
    input: nonce,
    maxRuns: 1,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `www.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [a(name, '10.53.1.2', 60)] }, negativeTtl: 30 }, async (hierarchy) => {
        const first = await observe(io, hierarchy, name);
        await sleep(1200);
        const second = await observe(io, hierarchy, name);
        io.step(`TTL ${first.ttl ?? '-'} at first, ${second.ttl ?? '-'} 1.2 s later`);
        expectThat(!second.asked && second.ttl !== undefined && second.ttl >= 57 && second.ttl <= 59, 'the cached TTL did not count down by the time that passed', 'from the cache, a TTL of 57-59 (60 less 1.2 s)', `${second.asked ? 'asked upstream again, ' : ''}TTL ${second.ttl ?? '-'}`);
      });
    },
  }),
  rule({
    slug: 'cache-follows-ttl',
    level: 'SHOULD',
    title: 'Against a model of the cache: each name is asked upstream on first use and again only after its 2-second TTL has run out',
    sends: 'a name asked twice, random queries for two names (TTL 2 s) and waits of 0.3-1 s, a wait until it has expired, the name again',
    input: fc.tuple(nonce, cacheCommands),
    maxRuns: 1,
    check: async (io, [n, commands]) => {
      const { tld, zone } = freshZones(n);
      const names = [`one.${zone}`, `two.${zone}`];
      const ttl = 2;
      await withHierarchy(io, { tld, zones: { [zone]: names.map((name, i) => a(name, `10.53.2.${i + 1}`, ttl)) }, negativeTtl: 30 }, async (hierarchy) => {
        await fc.asyncModelRun(() => ({ model: { expiresAt: new Map<string, number>() }, real: { io, hierarchy, names, ttl } }), commands);
      });
    },
  }),
]);
