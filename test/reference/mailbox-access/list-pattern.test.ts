import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { angleAddress } from '../../../reference/mailbox-access/imap/fetch-data.ts';
import { listPatternMatcher } from '../../../reference/mailbox-access/imap/list-pattern.ts';

/** The backtracking expressions the linear matchers replace: the oracle on short inputs. */
function patternExpression(pattern: string, ignoreCase: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '%' ? '[^.]*' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

const nameChars = fc.constantFrom('a', 'B', 'b', '.', '-', 'é');
const patternChars = fc.constantFrom('a', 'b', 'A', '.', '-', '*', '%');

describe('LIST pattern matching', () => {
  test.prop([fc.string({ unit: patternChars, maxLength: 8 }), fc.string({ unit: nameChars, maxLength: 10 }), fc.boolean()])(
    'agrees with the regular expression it replaces',
    (pattern, name, ignoreCase) => {
      expect(listPatternMatcher(pattern, '.')(name, ignoreCase)).toBe(patternExpression(pattern, ignoreCase).test(name));
    },
  );

  it('keeps "%" on one level and lets "*" cross levels', () => {
    const matches = listPatternMatcher('a%', '.');
    expect(matches('abc')).toBe(true);
    expect(matches('a.b')).toBe(false);
    expect(listPatternMatcher('a*', '.')('a.b')).toBe(true);
    expect(listPatternMatcher('in%', '.')('INBOX', true)).toBe(true);
    expect(listPatternMatcher('in%', '.')('INBOX')).toBe(false);
  });

  it('answers patterns of many wildcards and long literal runs', () => {
    const name = 'rfcheck-mwqsw37w-56d3o9'.repeat(8);
    expect(listPatternMatcher(`${'*'.repeat(5000)}Z`, '.')(name)).toBe(false);
    expect(listPatternMatcher(`${'*a'.repeat(100)}Z`, '.')('a'.repeat(200))).toBe(false);
    expect(listPatternMatcher('x'.repeat(60_000), '.')(name)).toBe(false);
    expect(listPatternMatcher('%*'.repeat(1000), '.')(name)).toBe(true);
  });
});

describe('angle addresses', () => {
  const expression = /^(.*?)<([^>]*)>\s*$/;
  test.prop([fc.string({ unit: fc.constantFrom('<', '>', ' ', 'a', '"', '\n', '@'), maxLength: 12 })])('agrees with the regular expression it replaces', (one) => {
    const found = expression.exec(one);
    expect(angleAddress(one)).toEqual(found ? { name: found[1], spec: found[2] } : undefined);
  });

  it('splits a long run of "<" without backtracking', () => {
    expect(angleAddress(`${'<'.repeat(200_000)}`)).toBeUndefined();
    expect(angleAddress(`Name ${'<'.repeat(100_000)}a@b>`)?.name).toBe('Name ');
  });
});
