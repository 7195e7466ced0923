import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/core/errors.ts';
import { describeTarget, parseEndpoint, targetFromDescription } from '../../../harness/targets/target-spec.ts';
import { expandSpawnCommand } from '../../../harness/targets/start-target.ts';

describe('parseEndpoint', () => {
  it('reads host:port and [v6]:port', () => {
    expect(parseEndpoint('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseEndpoint('localhost:25')).toEqual({ host: 'localhost', port: 25 });
    expect(parseEndpoint('[::1]:53')).toEqual({ host: '::1', port: 53 });
  });
  it.each(['127.0.0.1', ':80', '127.0.0.1:0', '127.0.0.1:65536', '::1:53', '[nothost]:1', 'a:b'])('rejects %s with a UsageError', (text) => {
    expect(() => parseEndpoint(text)).toThrow(UsageError);
  });
});

describe('target descriptions', () => {
  it('round-trip through a report', () => {
    for (const spec of [
      { kind: 'reference' as const },
      { kind: 'address' as const, endpoint: { host: '::1', port: 8080 } },
      { kind: 'spawn' as const, command: 'python3 s.py {port}' },
    ]) {
      expect(targetFromDescription(describeTarget(spec))).toEqual(spec);
    }
  });
});

describe('expandSpawnCommand', () => {
  it('substitutes every placeholder', () => {
    expect(expandSpawnCommand('srv --port {port} --root {fixtures}/http {port} {host}', { port: 9, host: 'h', fixturesDir: '/f' })).toBe(
      'srv --port 9 --root /f/http 9 h',
    );
  });
});
