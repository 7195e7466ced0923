import { UsageError } from '../core/errors.ts';

/**
 * Rule selection by glob: `*` matches any run of characters (slashes included), `?` one
 * character. A pattern without wildcards selects that id or everything under it as a prefix
 * (`http/6.1` selects every rule of section 6.1; `http/6` does not select 6.1's).
 */
export function ruleMatcher(patterns: string[]): (ruleId: string) => boolean {
  if (patterns.length === 0) return () => true;
  const tests = patterns.map(compile);
  return (ruleId) => tests.some((test) => test(ruleId));
}

function compile(pattern: string): (id: string) => boolean {
  if (pattern.trim() === '') throw new UsageError('an empty rule pattern selects nothing');
  if (!/[*?]/.test(pattern)) return (id) => id === pattern || id.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`);
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (id) => regex.test(id);
}
