import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxSessionBytes, mutate, mutators } from '../../../harness/fuzz/mutators.ts';
import { FuzzRandom } from '../../../harness/fuzz/random.ts';
import { type Session, sessionBytes } from '../../../harness/fuzz/session.ts';

const sessionArbitrary: fc.Arbitrary<Session> = fc.record({
  transport: fc.constantFrom<Session['transport']>('tcp', 'udp'),
  chunks: fc.array(
    fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.array(fc.constantFrom('EHLO a\r\n', 'RETR 12\r\n', 'GET / HTTP/1.1\r\n', '\r\n', 'x:1;2\n', ''), { maxLength: 5 }).map((parts) => Buffer.from(parts.join(''), 'latin1')),
    ).map((bytes) => Buffer.from(bytes)),
    { maxLength: 6 },
  ),
});

describe('fuzz mutators', () => {
  it('each mutator either declines or returns a session of Buffers within the size cap', () => {
    fc.assert(
      fc.property(sessionArbitrary, fc.array(sessionArbitrary, { maxLength: 3 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (session, others, seed) => {
        for (const mutator of mutators) {
          const out = mutator.apply(session, new FuzzRandom(seed), [session, ...others]);
          if (!out) continue;
          expect(out.transport).toBe(session.transport);
          expect(out.chunks.every((c) => Buffer.isBuffer(c))).toBe(true);
          expect(sessionBytes(out)).toBeLessThanOrEqual(maxSessionBytes + sessionBytes(session) * 2);
        }
      }),
    );
  });

  it('the same seed gives the same mutations', () => {
    const seed: Session = { transport: 'tcp', chunks: [Buffer.from('MAIL FROM:<a@b> SIZE=100\r\n'), Buffer.from('DATA\r\n')] };
    const run = (s: number): string[] => {
      const random = new FuzzRandom(s);
      return Array.from({ length: 50 }, () => {
        const { session, applied } = mutate(seed, random, [seed]);
        return `${applied.join('+')}:${session.chunks.map((c) => c.toString('hex')).join(',')}`;
      });
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('mutate keeps sessions under the cap and names what it applied', () => {
    const seed: Session = { transport: 'tcp', chunks: [Buffer.from('x'.repeat(1000) + '\r\n')] };
    const random = new FuzzRandom(1);
    const names = new Set(mutators.map((m) => m.name));
    for (let i = 0; i < 500; i++) {
      const { session, applied } = mutate(seed, random, [seed]);
      expect(sessionBytes(session)).toBeLessThanOrEqual(maxSessionBytes);
      for (const name of applied) expect(names.has(name)).toBe(true);
    }
  });

  it('a number mutation replaces digits with an extreme value', () => {
    const number = mutators.find((m) => m.name === 'extreme-number');
    const seed: Session = { transport: 'tcp', chunks: [Buffer.from('RETR 12\r\n')] };
    const seen = new Set<string>();
    for (let s = 0; s < 40; s++) seen.add(number?.apply(seed, new FuzzRandom(s), [seed])?.chunks[0]?.toString('latin1') ?? '');
    expect(seen).toContain('RETR 99999999999999999999\r\n');
    expect(seen).toContain('RETR -1\r\n');
  });
});
