import { describe, expect, it } from 'vitest';
import { acquireMachineLock } from '../../../harness/runner/machine-lock.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { originEndpoint, withOrigin } from '../../../specs/http-cache/controllable-origin.ts';
import { suites } from '../../../specs/http-cache/index.ts';

/**
 * The harness's origin keeps the requests of the runs in progress only: a request outside every
 * run's prefix (what a fuzz session sends for minutes on end) is answered and forgotten.
 */
async function get(target: string): Promise<string> {
  const connection = await TcpConnection.open(originEndpoint, { limits: defaultWireLimits });
  try {
    await connection.write(`GET ${target} HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n`);
    return (await connection.readLine()).text;
  } finally {
    connection.close();
  }
}

describe("the harness's origin for http-cache", () => {
  it('keeps the requests under a run prefix, and not the others', async () => {
    const release = await acquireMachineLock(suites[0]?.exclusive as string, 15 * 60_000);
    try {
      await withOrigin(async (origin) => {
        const mine = origin.path('object');
        origin.script(mine, { status: 200, body: 'ok' });
        expect(await get(mine)).toBe('HTTP/1.1 200 OK');
        expect(await get('/elsewhere/object')).toBe('HTTP/1.1 404 Not Found');
        expect(origin.requests(mine)).toHaveLength(1);
        expect(origin.requests('/elsewhere/object')).toHaveLength(0);
      });
    } finally {
      await release();
    }
  }, 16 * 60_000);
});
