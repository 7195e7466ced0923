import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { extensionField } from './arbitraries.ts';
import { basePage } from './fixture-site.ts';
import { stray } from './invalid-requests.ts';
import { buildRequest, exchangeRaw } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '5.1', title: 'Field Line Parsing' };

export default section(citation, [
  rule({
    slug: 'space-before-colon-400',
    level: 'MUST',
    title: 'A request with whitespace between a field name and its colon is refused with 400',
    sends: 'GET with a field line "Name<SP>: value" (an extension field or Accept)',
    input: fc.tuple(fc.oneof(extensionField(), fc.constant<[string, string]>(['Accept', '*/*'])), stray()),
    maxRuns: 6,
    check: async (io, [[name, value], whitespace]) => {
      const request = buildRequest(io.target, { target: basePage }).toString('latin1').replace(/\r\n\r\n$/, `\r\n${name}${whitespace}: ${value}\r\n\r\n`);
      const { response } = await exchangeRaw(io, Buffer.from(request, 'latin1'));
      expectEqual(`status with "${name}${whitespace}:"`, response.status, 400);
    },
  }),
]);
