import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Endpoint } from '../harness/wire/limits.ts';

const run = promisify(execFile);

/** Requests per second wrk reaches against one URL (keep-alive, `connections` at once). */
export async function wrkRequestsPerSecond(endpoint: Endpoint, urlPath: string, options: { seconds: number; connections: number }): Promise<number> {
  const url = `http://${endpoint.host}:${endpoint.port}${urlPath}`;
  let stdout: string;
  try {
    ({ stdout } = await run('wrk', ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, url], { timeout: (options.seconds + 30) * 1000 }));
  } catch (error) {
    throw new Error(`wrk (package wrk) failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  return parseWrkRate(stdout, url);
}

/** Requests/sec from wrk's report; an error if wrk saw error responses or printed no rate. */
export function parseWrkRate(stdout: string, url: string): number {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (errors) throw new Error(`wrk saw ${errors[1]} error responses from ${url}`);
  if (!rate) throw new Error(`wrk printed no rate for ${url}: ${stdout.slice(0, 200)}`);
  return Number(rate[1]);
}
