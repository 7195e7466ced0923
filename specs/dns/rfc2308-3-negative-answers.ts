import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { missingQuestion, noDataQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { expectNegativeSoa, expectNoAnswers, expectRcode } from './expect-dns.ts';
import { rcodes, types } from './reply.ts';
import { loadZoneView } from './zone-view.ts';
import fc from 'fast-check';

/**
 * RFC 2308 §3: an authoritative server reporting that a name does not exist (NXDOMAIN) or has
 * no data of the asked type (NODATA: NOERROR, empty answer) puts the zone's SOA in the
 * authority section, with a TTL no longer than the SOA's MINIMUM field or its own TTL.
 */

const citation = { suite: 'dns-auth', rfc: 'RFC 2308', section: '3', title: 'Negative Answers from Authoritative Servers' };

export default section(citation, [
  rule({
    slug: 'nxdomain-with-soa',
    level: 'MUST',
    concurrent: true,
    title: "A name that does not exist gets NXDOMAIN, an empty answer and the zone's SOA in authority",
    sends: 'a query for an invented name below an existing one',
    input: missingQuestion,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NXDOMAIN, `${q.name} (which does not exist)`);
      expectNoAnswers(reply, 'an NXDOMAIN answer');
      expectNegativeSoa(reply, loadZoneView(io.options), q.name, 'an NXDOMAIN answer');
    },
  }),
  rule({
    slug: 'nodata-with-soa',
    level: 'MUST',
    concurrent: true,
    title: "An existing name asked for a type it lacks gets NOERROR, an empty answer and the zone's SOA in authority",
    sends: 'a query for an existing name and a type it has no records of',
    input: noDataQuestion,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NOERROR, `${q.name} ${q.type} (the name exists)`);
      expectNoAnswers(reply, 'a NODATA answer');
      expectNegativeSoa(reply, loadZoneView(io.options), q.name, 'a NODATA answer');
    },
  }),
  rule({
    slug: 'negative-ttl-from-soa',
    level: 'SHOULD',
    title: "The SOA of a negative answer has a TTL of at most the SOA's MINIMUM field and its own TTL",
    sends: 'queries for missing names and missing types',
    input: (setup) => fc.oneof(missingQuestion(setup), noDataQuestion(setup)),
    maxRuns: 20,
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      const soa = reply.message.authorities.find((r) => r.type === types.SOA);
      if (!soa) return io.notApplicable('the negative answer carries no SOA (nxdomain-with-soa / nodata-with-soa judge that)');
      const zone = view.zoneOf(q.name);
      const zoneSoa = zone ? view.soaOf(zone) : undefined;
      const minimum = (zoneSoa?.data as { minimum: number } | undefined)?.minimum ?? 0;
      const limit = Math.min(zoneSoa?.ttl ?? 0, minimum);
      expectThat(soa.ttl <= limit, `the negative answer's SOA TTL ${soa.ttl} exceeds min(SOA TTL, MINIMUM) = ${limit}`, `at most ${limit}`, String(soa.ttl));
    },
  }),
]);
