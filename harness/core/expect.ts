import { ProtocolViolation } from './errors.ts';

/**
 * Assertions for checks. Each failure is a ProtocolViolation carrying expected and actual, so a
 * verdict explains itself.
 */

export function violation(message: string, expected?: string, actual?: string): never {
  throw new ProtocolViolation(message, { expected, actual });
}

/**
 * Fails the rule unless `condition` holds. `expected` and `actual` may be functions, evaluated
 * only on failure: a check that runs thousands of times a second should not describe a pass.
 */
export function expectThat(condition: boolean, message: string, expected?: string | (() => string), actual?: string | (() => string)): asserts condition {
  if (!condition) violation(message, typeof expected === 'function' ? expected() : expected, typeof actual === 'function' ? actual() : actual);
}

export function expectEqual<T>(what: string, actual: T, expected: T): void {
  if (!Object.is(actual, expected)) {
    violation(`${what}: expected ${show(expected)}, got ${show(actual)}`, show(expected), show(actual));
  }
}

export function expectOneOf<T>(what: string, actual: T, allowed: readonly T[]): void {
  if (!allowed.some((value) => Object.is(value, actual))) {
    const expected = allowed.map(show).join(' or ');
    violation(`${what}: expected ${expected}, got ${show(actual)}`, expected, show(actual));
  }
}

export function expectMatch(what: string, actual: string, pattern: RegExp): void {
  if (!pattern.test(actual)) violation(`${what}: ${show(actual)} does not match ${pattern}`, String(pattern), show(actual));
}

export function expectBytesEqual(what: string, actual: Uint8Array, expected: Uint8Array): void {
  const a = Buffer.from(actual);
  const e = Buffer.from(expected);
  if (a.equals(e)) return;
  let at = 0;
  while (at < a.length && at < e.length && a[at] === e[at]) at++;
  violation(
    `${what}: ${a.length} bytes differ from the expected ${e.length} bytes, first at offset ${at}`,
    preview(e, at),
    preview(a, at),
  );
}

function preview(bytes: Buffer, at: number): string {
  const start = Math.max(0, at - 8);
  return JSON.stringify(bytes.subarray(start, start + 32).toString('latin1'));
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('latin1'));
  return String(value);
}
