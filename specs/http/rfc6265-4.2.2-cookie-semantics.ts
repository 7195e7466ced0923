import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { firstVisit, visitCount, wellFormedCookies } from './cookies.ts';
import { visitsPath } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValues } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 6265', section: '4.2.2', title: 'Semantics' };

/** The cookie-pairs a user agent would send back for the Set-Cookie fields it got. */
function cookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0] ?? '').join('; ');
}

export default section(citation, [
  rule({
    slug: 'visit-counter-recognises-cookie',
    level: 'MAY',
    title: 'The visit counter counts on: a request returning its cookie shows one more visit (the fixture contract; no RFC keyword)',
    sends: 'GET /visits without a cookie, then 1–4 more GETs with the cookie it set',
    input: fc.integer({ min: 1, max: 4 }),
    maxRuns: 4,
    check: async (io, returns) => {
      const { response, cookies } = await firstVisit(io);
      const first = visitCount(response);
      if (first === undefined) return io.notApplicable(`GET ${visitsPath} shows no "visits: N" count`);
      for (let i = 1; i <= returns; i++) {
        const again = await exchange(io, { target: visitsPath, fields: [['Cookie', cookieHeader(cookies)]] });
        expectEqual(`visit count on return ${i} with the cookie`, visitCount(again), first + i);
      }
    },
  }),
  rule({
    slug: 'returning-visitor-keeps-cookie',
    level: 'MAY',
    title: 'A request carrying the cookie the server set is recognised: no new value is set for that cookie (no RFC keyword)',
    sends: 'GET /visits without a cookie, then GET /visits with the cookie',
    input: fc.integer({ min: 1, max: 3 }),
    maxRuns: 3,
    check: async (io) => {
      const { cookies } = await firstVisit(io);
      const again = await exchange(io, { target: visitsPath, fields: [['Cookie', cookieHeader(cookies)]] });
      const issued = new Map(cookies.map((c) => [c.split('=')[0] ?? '', c.split(';')[0] ?? '']));
      for (const { text, cookie } of wellFormedCookies(fieldValues(again, 'set-cookie'))) {
        const before = issued.get(cookie.name);
        expectThat(before === undefined || before === `${cookie.name}=${cookie.value}` || before === `${cookie.name}="${cookie.value}"`, `the returning visitor got a new ${cookie.name} cookie`, before ?? '', text);
      }
    },
  }),
]);
