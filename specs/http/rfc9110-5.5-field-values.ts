import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { isSuccess } from './checks.ts';
import { basePage } from './fixture-site.ts';
import { buildRequest, exchangeRaw } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '5.5', title: 'Field Values' };

export default section(citation, [
  rule({
    slug: 'nul-in-field-value-refused-or-replaced',
    level: 'MUST',
    title: 'A NUL inside a field value makes the server refuse the request (400) or treat the NUL as a space',
    sends: 'GET with an extension field whose value holds a NUL',
    input: fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdef'.split('')), minLength: 1, maxLength: 6 }), fc.string({ unit: fc.constantFrom(...'uvwxyz'.split('')), minLength: 1, maxLength: 6 })),
    maxRuns: 4,
    check: async (io, [before, after]) => {
      const request = buildRequest(io.target, { target: basePage, fields: [['X-Note', `${before}\0${after}`]] });
      const { response } = await exchangeRaw(io, request);
      expectThat(response.status === 400 || isSuccess(response.status), `a NUL in a field value was answered ${response.status}`, '400, or 2xx with the NUL read as a space', String(response.status));
    },
  }),
]);
