import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveTarget } from '../../../harness/targets/start-target.ts';
import { fuzzLoop } from '../../../harness/fuzz/fuzz-loop.ts';
import type { FuzzTarget } from '../../../harness/fuzz/fuzz-target.ts';
import type { Probe, Session } from '../../../harness/fuzz/session.ts';

/**
 * The fuzz loop's hang verdict: a target that stops answering for good is a hang; one that
 * only drops the probe while the lanes flood it (UDP under load) is not, and is counted.
 */

const sockets: dgram.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

type Answerer = (datagram: Buffer, now: number) => boolean;

async function udpServer(answers: Answerer): Promise<number> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (datagram, from) => {
    if (answers(datagram, Date.now())) socket.send(Buffer.from('OK\n'), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

function targetAt(port: number): FuzzTarget {
  const active = { endpoint: { host: '127.0.0.1', port } } as ActiveTarget;
  return { current: active, exitStatus: () => undefined, processId: () => undefined } as unknown as FuzzTarget;
}

const seed: Session = { transport: 'udp', chunks: [Buffer.from('PING\n')] };
const probe: Probe = { session: seed, answered: true };
const settings = {
  seed: 7,
  durationMs: 3_000,
  maxExecs: Number.MAX_SAFE_INTEGER,
  concurrency: 8,
  exec: { readTimeoutMs: 300, quietMs: 10, maxReplyBytes: 4096 },
  healthEveryMs: 200,
  maxRssGrowthBytes: 256 * 1024 * 1024,
};

describe('fuzz loop hang verdict', () => {
  it('reports a target that stops answering for good as a hang', async () => {
    let received = 0;
    const port = await udpServer(() => ++received <= 50);
    const outcome = await fuzzLoop(targetAt(port), [seed], probe, settings);
    expect(outcome.finding?.kind).toBe('hang');
    expect(outcome.finding?.message).toMatch(/no longer answers/);
  });

  it('does not call a target hung when it answers once the lanes have drained', async () => {
    // Answers only a datagram that arrives after 60 ms without any: never while the lanes run.
    let last = 0;
    const port = await udpServer((_datagram, now) => {
      const quiet = now - last >= 60;
      last = now;
      return quiet;
    });
    const outcome = await fuzzLoop(targetAt(port), [seed], probe, settings);
    expect(outcome.finding).toBeUndefined();
    expect(outcome.unansweredUnderLoad ?? 0).toBeGreaterThan(0);
    expect(outcome.execs).toBeGreaterThan(0);
  });
});
