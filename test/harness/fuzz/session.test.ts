import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/core/errors.ts';
import { parseDuration } from '../../../harness/fuzz/duration.ts';
import { replyShape } from '../../../harness/fuzz/reply-shape.ts';
import { type FuzzCase, decodeCase, encodeCase, sessionSteps } from '../../../harness/fuzz/session.ts';

describe('fuzz cases, durations and reply shapes', () => {
  it('a case survives encoding byte for byte', () => {
    const fuzzCase: FuzzCase = {
      kind: 'crash',
      sessions: [{ transport: 'tcp', chunks: [Buffer.from([0, 255, 13, 10]), Buffer.alloc(0)] }],
      probe: { session: { transport: 'tcp', chunks: [Buffer.from('hi\n')] }, answered: true, shape: 'a … LF' },
    };
    const back = decodeCase(encodeCase(fuzzCase));
    expect(back.kind).toBe('crash');
    expect(back.sessions[0]?.chunks.map((c) => c.toString('hex'))).toEqual(['00ff0d0a', '']);
    expect(back.probe).toEqual({ session: { transport: 'tcp', chunks: [Buffer.from('hi\n')] }, answered: true, shape: 'a … LF' });
  });

  it.each(['', 'not json', '{"kind":"boom","sessions":[]}', '{"kind":"crash","sessions":[{"transport":"sctp","chunks":[]}]}'])('rejects %j as a case', (text) => {
    expect(() => decodeCase(text)).toThrow(UsageError);
  });

  it('steps escape the bytes as transcripts do', () => {
    expect(sessionSteps({ transport: 'tcp', chunks: [Buffer.from('A\r\n\x00')] })).toEqual(['write "A\\r\\n\\x00"']);
    expect(sessionSteps({ transport: 'udp', chunks: [Buffer.from('x')] })).toEqual(['send datagram "x"']);
  });

  it.each([
    ['60s', 60_000],
    ['90', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['500ms', 500],
  ])('--duration %s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '-5s', '10ms', '60x'])('--duration %j is a usage error', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
  });

  it('reply shapes ignore values and notice framing', () => {
    expect(replyShape(Buffer.from('250 mail.example.org Hello\r\n'))).toBe(replyShape(Buffer.from('250 other Hi\r\n')));
    expect(replyShape(Buffer.from('250 ok\r\n'))).not.toBe(replyShape(Buffer.from('250 ok\n')));
    expect(replyShape(Buffer.from('250 ok\r\n'))).not.toBe(replyShape(Buffer.from('HTTP/1.1 200 OK\r\n')));
    expect(replyShape(Buffer.alloc(0))).toBe('(nothing)');
  });

  it('a binary reply has one shape, wherever an LF byte falls in it', () => {
    const answer = (ttl: number): Buffer => Buffer.from([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, ttl, 0x41]);
    expect(replyShape(answer(0x0b))).toBe('(binary)');
    expect(replyShape(answer(0x0a))).toBe('(binary)');
    // An LF early in a binary message, after printable bytes only.
    expect(replyShape(Buffer.from([0x20, 0x0a, 0x81, 0x80, 0, 1, 0, 1]))).toBe('(binary)');
    expect(replyShape(Buffer.from('250 ok\r\n'))).not.toBe('(binary)');
  });
});
