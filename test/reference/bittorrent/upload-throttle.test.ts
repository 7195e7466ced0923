import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadThrottle } from '../../../reference/bittorrent/upload-throttle.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the upload throttle', () => {
  it('sends blocks one after another at the rate, and drops one no longer wanted without spending link time on it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const throttle = new UploadThrottle(1000); // 1000 bytes per second: 100 bytes take 100 ms
    const sent: [string, number][] = [];
    const start = performance.now();
    const log = (name: string) => () => void sent.push([name, Math.round(performance.now() - start)]);
    let cancelled = false;
    throttle.schedule(100, log('a'));
    throttle.schedule(100, log('b'), () => !cancelled);
    throttle.schedule(100, log('c'));
    cancelled = true; // a cancel or a choke arrives while b waits
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([
      ['a', 100],
      ['c', 200],
    ]);
    throttle.stop();
  });

  it('sends at once without a limit, and sends nothing queued after stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const free = new UploadThrottle();
    const sent: string[] = [];
    free.schedule(1_000_000, () => sent.push('now'));
    expect(sent).toEqual(['now']);
    const limited = new UploadThrottle(1000);
    limited.schedule(100, () => sent.push('late'));
    limited.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['now']);
  });
});
