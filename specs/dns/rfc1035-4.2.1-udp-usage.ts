import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bigQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';

/** RFC 1035 §4.2.1: without EDNS a UDP message is at most 512 octets; a longer answer is cut and TC set. */

const citation = { suite: 'dns-auth', rfc: 'RFC 1035', section: '4.2.1', title: 'UDP usage' };

export default section(citation, [
  rule({
    slug: 'udp-512-with-tc',
    level: 'MUST',
    title: 'Over UDP without EDNS an answer that does not fit 512 octets is cut to 512 at most, with TC set',
    sends: 'a UDP query without OPT for an RRset larger than 512 octets',
    input: bigQuestion,
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectThat(reply.bytes.length <= 512, 'the UDP answer exceeds 512 octets', 'at most 512 octets', `${reply.bytes.length} octets`);
      expectThat(reply.tc, 'the answer could not hold the RRset yet TC is clear', 'TC=1', 'TC=0');
    },
  }),
]);
