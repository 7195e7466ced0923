import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetUnreachable } from '../../../harness/core/errors.ts';
import { acquireMachineLock } from '../../../harness/runner/machine-lock.ts';

describe('acquireMachineLock', () => {
  const name = `test-lock-${process.pid}-${Date.now()}`;

  it('serialises holders: the second waits until the first releases', async () => {
    const order: string[] = [];
    const releaseFirst = await acquireMachineLock(name, 1000);
    const second = acquireMachineLock(name, 5000).then((release) => {
      order.push('second acquired');
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    order.push('first releases');
    await releaseFirst();
    await (await second)();
    expect(order).toEqual(['first releases', 'second acquired']);
  });

  it('goes to the process that waited, not to a holder taking it again at once', async () => {
    const order: string[] = [];
    const releaseFirst = await acquireMachineLock(`${name}-fair`, 1000);
    const waiter = acquireMachineLock(`${name}-fair`, 5000).then((release) => {
      order.push('waiter acquired');
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await releaseFirst();
    const again = acquireMachineLock(`${name}-fair`, 5000).then((release) => {
      order.push('first acquired again');
      return release;
    });
    await (await waiter)();
    await (await again)();
    expect(order).toEqual(['waiter acquired', 'first acquired again']);
  });

  it('gives up after its timeout with a verdict-friendly error', async () => {
    const release = await acquireMachineLock(name, 1000);
    try {
      await expect(acquireMachineLock(name, 200)).rejects.toBeInstanceOf(TargetUnreachable);
    } finally {
      await release();
    }
  });

  it('takes over a lock whose holder has died', async () => {
    const dir = path.join(os.tmpdir(), 'rfcheck-locks', `${name}-stale`);
    await mkdir(dir, { recursive: true });
    // A pid far above any the kernel hands out: certainly not running.
    await writeFile(path.join(dir, 'pid'), '4194999');
    const release = await acquireMachineLock(`${name}-stale`, 1000);
    await release();
  });
});
