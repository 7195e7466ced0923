import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion } from './arbitraries-auth.ts';
import { askUdp, describeQuery, encodeQuery } from './exchange.ts';

/**
 * RFC 2181 §4.1 and §4.2: a UDP answer comes from the address and the port the query was sent
 * to, or the client (rightly) ignores it.
 */

const address = { suite: 'dns-auth', rfc: 'RFC 2181', section: '4.1', title: 'UDP Source Address Selection' };
const port = { suite: 'dns-auth', rfc: 'RFC 2181', section: '4.2', title: 'Port Number Selection' };

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) names the same host as 127.0.0.1. */
const sameHost = (a: string, b: string): boolean => a.replace(/^::ffff:/, '') === b.replace(/^::ffff:/, '');


export const addressRules = section(address, [
  rule({
    slug: 'reply-from-queried-address',
    level: 'MUST',
    title: 'The UDP answer comes from the address the query was sent to',
    sends: 'a UDP query; compares the answer\'s source address with the target',
    input: answerableQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const query = { id: q.id, name: q.name, type: q.type };
      const reply = await askUdp(io, encodeQuery(query), describeQuery(query));
      expectThat(sameHost(reply.from.host, io.target.host), 'the answer came from another address', io.target.host, reply.from.host);
    },
  }),
]);

export const portRules = section(port, [
  rule({
    slug: 'reply-from-queried-port',
    level: 'MUST',
    title: 'The UDP answer comes from the port the query was sent to',
    sends: 'a UDP query; compares the answer\'s source port with the target',
    input: answerableQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const query = { id: q.id, name: q.name, type: q.type };
      const reply = await askUdp(io, encodeQuery(query), describeQuery(query));
      expectEqual('source port of the answer', reply.from.port, io.target.port);
    },
  }),
]);
