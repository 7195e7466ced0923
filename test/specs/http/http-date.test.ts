import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { formatAsctime, formatImfFixdate, formatRfc850, isImfFixdate, parseHttpDate } from '../../../specs/http/http-date.ts';
import { testSeed } from '../../support/fixed-seed.ts';

/** The HTTP-date codec the spec (and the reference) use: three forms in, IMF-fixdate out. */

const instant = fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2060, 0, 1) / 1000 }).map((s) => new Date(s * 1000));

describe('HTTP-date', () => {
  test.prop([instant], { seed: testSeed, numRuns: 300 })('reads back each of the three forms to the same instant', (date) => {
    expect(parseHttpDate(formatImfFixdate(date))?.getTime()).toBe(date.getTime());
    expect(parseHttpDate(formatAsctime(date))?.getTime()).toBe(date.getTime());
    expect(parseHttpDate(formatRfc850(date), date)?.getTime()).toBe(date.getTime());
    expect(isImfFixdate(formatImfFixdate(date))).toBe(true);
  });

  test('refuses a wrong weekday, another zone, ISO 8601 and two-digit years in IMF-fixdate', () => {
    for (const text of ['Mon, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 UTC', '1994-11-06T08:49:37Z', 'Sun, 06 Nov 94 08:49:37 GMT', 'Sun, 31 Nov 1994 08:49:37 GMT']) {
      expect(parseHttpDate(text), text).toBeUndefined();
    }
    expect(isImfFixdate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(false);
  });
});
