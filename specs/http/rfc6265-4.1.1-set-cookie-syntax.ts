import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { firstVisit, parseSetCookie, wellFormedCookies } from './cookies.ts';

const citation = { suite: 'http', rfc: 'RFC 6265', section: '4.1.1', title: 'Syntax' };

/** rfc1123-date (RFC 2616 §3.3.1): a four-digit year. */
const rfc1123Date = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Each rule looks at the cookies of a few first visits (a first visit always gets one). */
const visits = fc.integer({ min: 1, max: 3 });

export default section(citation, [
  rule({
    slug: 'set-cookie-grammar',
    level: 'SHOULD',
    title: 'Every Set-Cookie the server sends follows the grammar: token=cookie-octets, then "; "-separated attributes',
    sends: 'GET /visits without a cookie',
    input: visits,
    maxRuns: 3,
    check: async (io) => {
      const { cookies } = await firstVisit(io);
      for (const cookie of cookies) {
        const parsed = parseSetCookie(cookie);
        expectThat(typeof parsed !== 'string', `Set-Cookie ${JSON.stringify(cookie)}: ${String(parsed)}`, 'name=value; Attr=value; …', cookie);
      }
    },
  }),
  rule({
    slug: 'one-set-cookie-per-name',
    level: 'SHOULD',
    title: 'A response holds at most one Set-Cookie for any cookie name',
    sends: 'GET /visits without a cookie',
    input: visits,
    maxRuns: 3,
    check: async (io) => {
      const { cookies } = await firstVisit(io);
      const names = cookies.map((c) => c.split('=')[0] ?? '');
      const repeated = names.filter((name, i) => names.indexOf(name) !== i);
      expectThat(repeated.length === 0, `cookie ${repeated[0]} is set twice in one response`, 'one Set-Cookie per name', cookies.join(' | '));
    },
  }),
  rule({
    slug: 'no-repeated-attribute',
    level: 'SHOULD',
    title: 'A Set-Cookie never names the same attribute twice',
    sends: 'GET /visits without a cookie',
    input: visits,
    maxRuns: 3,
    check: async (io) => {
      const { cookies } = await firstVisit(io);
      for (const { text, cookie } of wellFormedCookies(cookies)) {
        const names = cookie.attributes.map(([name]) => name.toLowerCase());
        const repeated = names.find((name, i) => names.indexOf(name) !== i);
        expectThat(repeated === undefined, `Set-Cookie repeats the ${repeated} attribute`, 'each attribute once', text);
      }
    },
  }),
  rule({
    slug: 'expires-four-digit-year',
    level: 'SHOULD',
    title: 'An Expires attribute is an rfc1123-date, with a four-digit year',
    sends: 'GET /visits without a cookie',
    input: visits,
    maxRuns: 3,
    check: async (io) => {
      const { cookies } = await firstVisit(io);
      for (const { cookie } of wellFormedCookies(cookies)) {
        for (const [name, value] of cookie.attributes) {
          if (name.toLowerCase() !== 'expires') continue;
          expectThat(rfc1123Date.test(value ?? ''), `Expires=${value} is not an rfc1123-date`, 'e.g. Wed, 09 Jun 2021 10:18:14 GMT', String(value));
        }
      }
    },
  }),
]);
