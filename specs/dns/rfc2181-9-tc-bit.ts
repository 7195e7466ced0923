import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { answerableQuestion, missingQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { bigRRset } from './arbitraries-auth.ts';
import { canonical } from './names.ts';
import { loadZoneView } from './zone-view.ts';

/** RFC 2181 §9: TC means a needed RRset did not fit; a small answer that fits is never marked truncated. */

const citation = { suite: 'dns-auth', rfc: 'RFC 2181', section: '9', title: 'The TC (truncated) header bit' };

export default section(citation, [
  rule({
    slug: 'no-tc-when-it-fits',
    level: 'SHOULD',
    concurrent: true,
    title: 'An answer that fits in 512 octets is sent whole with TC clear',
    sends: 'UDP queries without OPT for names whose data is small',
    input: (setup) => {
      const view = loadZoneView(setup.options);
      const big = new Set(bigRRset(view).map((q) => `${canonical(q.name)} ${q.type}`));
      return fc.oneof(answerableQuestion(setup), missingQuestion(setup)).filter((q) => !big.has(`${canonical(q.name)} ${q.type}`));
    },
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectThat(!reply.tc, `the answer for ${q.name} ${q.type} (${reply.bytes.length} octets) has TC set`, 'TC=0', 'TC=1');
    },
  }),
]);
