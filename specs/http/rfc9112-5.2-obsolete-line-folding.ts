import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { expectHiddenCloseIgnored } from './checks.ts';
import { stray } from './invalid-requests.ts';
import { hostOf } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '5.2', title: 'Obsolete Line Folding' };

export default section(citation, [
  rule({
    slug: 'obs-fold-rejected-or-unfolded',
    level: 'MUST',
    title: 'A folded field line (obs-fold) is refused with 400 or joined to the line before with spaces, never read as a new field',
    sends: 'GET with "X-Note: word" folded onto "<SP>Connection: close", then a pipelined probe',
    input: fc.tuple(fc.string({ unit: fc.constantFrom(...'abcxyz'.split('')), minLength: 1, maxLength: 8 }), stray()),
    maxRuns: 5,
    check: async (io, [note, whitespace]) => {
      const request = `GET /index.html HTTP/1.1\r\nHost: ${hostOf(io.target)}\r\nX-Note: ${note}\r\n${whitespace}Connection: close\r\n\r\n`;
      await expectHiddenCloseIgnored(io, Buffer.from(request, 'latin1'));
    },
  }),
]);
