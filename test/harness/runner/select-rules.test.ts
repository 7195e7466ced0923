import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/core/errors.ts';
import { ruleMatcher } from '../../../harness/runner/select-rules.ts';

describe('ruleMatcher', () => {
  const ids = ['http/6.1/a', 'http/6.1/b', 'http/6.3/c', 'http/16/d', 'smtp/4.1.4/e'];
  const pick = (...patterns: string[]) => ids.filter(ruleMatcher(patterns));

  it('selects everything without patterns', () => expect(pick()).toEqual(ids));
  it('treats a plain pattern as a section prefix', () => expect(pick('http/6.1')).toEqual(['http/6.1/a', 'http/6.1/b']));
  it('does not let a prefix run into a longer section number', () => expect(pick('http/1')).toEqual([]));
  it('globs with * across slashes', () => expect(pick('http/6.*')).toEqual(['http/6.1/a', 'http/6.1/b', 'http/6.3/c']));
  it('globs with ?', () => expect(pick('http/6.?/c')).toEqual(['http/6.3/c']));
  it('escapes regex characters', () => expect(pick('http/6.1/(a)')).toEqual([]));
  it('unions several patterns', () => expect(pick('smtp', 'http/16')).toEqual(['http/16/d', 'smtp/4.1.4/e']));
  it('rejects an empty pattern', () => expect(() => pick('')).toThrow(UsageError));
});
