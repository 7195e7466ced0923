import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { RequestError } from '../../../reference/http/request-error.ts';
import { parseTarget } from '../../../reference/http/target-path.ts';
import { testSeed } from '../../support/fixed-seed.ts';

/** Request-targets become docroot-relative segments that can never climb out of the root. */

const piece = fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '.%2e', 'a', 'b.txt', '', '%2f', '%00', '%5c', 'x%20y');

describe('parseTarget', () => {
  test.prop([fc.array(piece, { maxLength: 10 })], { seed: testSeed, numRuns: 300 })('never yields a segment that is a dot-segment or holds a separator', (pieces) => {
    let segments: string[];
    try {
      segments = parseTarget(`/${pieces.join('/')}`).segments;
    } catch (error) {
      expect(error).toBeInstanceOf(RequestError);
      return;
    }
    for (const segment of segments) {
      expect(['', '.', '..']).not.toContain(segment);
      expect(segment).not.toMatch(/[/\\\0]/);
    }
  });

  test('resolves dot-segments at the root to the root', () => {
    expect(parseTarget('/../../etc/passwd').segments).toEqual(['etc', 'passwd']);
    expect(parseTarget('/docs/%2e%2e/%2e%2e/index.html').segments).toEqual(['index.html']);
  });

  test('takes the path of an absolute-form target and keeps the query apart', () => {
    expect(parseTarget('http://example.test:8080/docs?x=1')).toMatchObject({ segments: ['docs'], trailingSlash: false, rawPath: '/docs', query: '?x=1' });
  });

  test('refuses encoded separators and NUL', () => {
    expect(() => parseTarget('/a%2fb')).toThrow(RequestError);
    expect(() => parseTarget('/a%00')).toThrow(RequestError);
  });
});
