import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { expectRcode } from './expect-dns.ts';
import { rcodes, types } from './reply.ts';
import { a, askResolver, freshZones, nonce, sleep, txt, withHierarchy } from './resolver-scenario.ts';

/**
 * RFC 2308 §5: a resolver keeps negative answers — that a name does not exist (NXDOMAIN), or has
 * no data of a type (NODATA) — and answers a repeat of the question from that memory. §6: such
 * an answer from the cache carries the SOA in its authority section, with the TTL it has left.
 */

const caching = { suite: 'dns-resolver', rfc: 'RFC 2308', section: '5', title: 'Caching Negative Answers' };
const fromCache = { suite: 'dns-resolver', rfc: 'RFC 2308', section: '6', title: 'Negative answers from the cache' };

const negativeTtl = 30;

export const cachingRules = section(caching, [
  rule({
    slug: 'nxdomain-cached',
    level: 'MUST',
    title: 'A name that does not exist is reported NXDOMAIN, and asking again is answered from the cache',
    sends: 'the same recursive query twice for a missing name',
    input: nonce,
    maxRuns: 5,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `missing.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [a(`www.${zone}`, '10.53.3.1', 300)] }, negativeTtl }, async (hierarchy) => {
        const first = await askResolver(io, { name, type: 'A' });
        expectRcode(first, rcodes.NXDOMAIN, `${name} (which does not exist)`);
        const second = await askResolver(io, { name, type: 'A' });
        expectRcode(second, rcodes.NXDOMAIN, `${name} asked again`);
        expectEqual(`queries for ${name} that reached the zone's server`, hierarchy.queriesTo('auth', name).length, 1);
      });
    },
  }),
  rule({
    slug: 'nodata-cached',
    level: 'MUST',
    title: 'A name without records of a type gets NODATA, and asking again is answered from the cache',
    sends: 'the same recursive A query twice for a name that only has TXT',
    input: nonce,
    maxRuns: 5,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `text.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [txt(name, 'no address here', 300)] }, negativeTtl }, async (hierarchy) => {
        const first = await askResolver(io, { name, type: 'A' });
        expectRcode(first, rcodes.NOERROR, `${name} A (the name exists)`);
        expectEqual('records in the NODATA answer', first.message.answers.length, 0);
        await askResolver(io, { name, type: 'A' });
        expectEqual(`queries for ${name} A that reached the zone's server`, hierarchy.queriesTo('auth', name, 'A').length, 1);
      });
    },
  }),
]);

export const fromCacheRules = section(fromCache, [
  rule({
    slug: 'cached-negative-has-soa',
    level: 'MUST',
    title: 'A negative answer from the cache carries the SOA in authority, its TTL lowered by the time it was cached',
    sends: 'a recursive query for a missing name or type, then the same 1.2 s later',
    input: fc.tuple(nonce, fc.boolean()),
    maxRuns: 1,
    check: async (io, [n, nodata]) => {
      const { tld, zone } = freshZones(n);
      const name = nodata ? `text.${zone}` : `missing.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [txt(`text.${zone}`, 'only text', 300)] }, negativeTtl }, async () => {
        await askResolver(io, { name, type: 'A' });
        await sleep(1200);
        const cached = await askResolver(io, { name, type: 'A' });
        const soa = cached.message.authorities.find((r) => r.type === types.SOA);
        expectThat(soa !== undefined, 'the negative answer from the cache has no SOA', 'the SOA in authority', 'none');
        expectThat(soa.ttl >= negativeTtl - 3 && soa.ttl <= negativeTtl - 1, "the cached SOA's TTL was not lowered by the time cached", `${negativeTtl - 3}-${negativeTtl - 1}`, String(soa.ttl));
      });
    },
  }),
]);
