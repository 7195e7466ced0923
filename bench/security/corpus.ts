import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fixturesDir, referenceDir } from '../../harness/core/catalogue.ts';
import type { RunningServer, ServerFactory } from '../../harness/core/suite.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { TcpConnection } from '../../harness/wire/tcp-connection.ts';

/** What one area of the security report found. */
export interface SecurityRow {
  area: string;
  attempts: number;
  breaches: number;
  verdict: 'pass' | 'FAIL';
  /** Up to five breaches, each in one line (what was sent, what came back). */
  examples: string[];
  /** Attempts that got no usable answer (a refusal by silence is no breach, but is shown). */
  unanswered: number;
}

export function row(area: string, attempts: number, breaches: string[], unanswered = 0): SecurityRow {
  return { area, attempts, breaches: breaches.length, verdict: breaches.length === 0 && attempts > 0 ? 'pass' : 'FAIL', examples: breaches.slice(0, 5), unanswered };
}

export const securityFixtures = path.join(fixturesDir, 'security');

/**
 * The lines of fixtures/security/<name>: `#` lines and blank lines skipped; `{outside}` becomes
 * `outside` (an absolute folder outside the root under attack); `\xHH` becomes that raw byte
 * (so a NUL can be written), read as a latin1 character.
 */
export async function corpus(name: string, outside = ''): Promise<string[]> {
  const text = await readFile(path.join(securityFixtures, name), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.replaceAll('{outside}', outside).replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/** Runs `work` over `items`, `width` at a time. */
export async function inBatches<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map((item, i) => work(item, start + i)));
  }
}

/** A short, printable form of bytes or text for a breach line. */
export function shown(text: string, max = 80): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

/**
 * Starts the reference of `suite` from reference/<folder>/index.ts on an ephemeral loopback
 * port (straight from its folder, so that a protocol being added elsewhere cannot stop the report);
 * or, given `planted`, that server instead (a planted-bug server, to show the check can fail).
 */
export async function startReference(folder: string, suite: string, fixtures = fixturesDir, planted?: ServerFactory): Promise<RunningServer> {
  if (planted) return planted.start({ host: '127.0.0.1', port: 0, fixturesDir: fixtures });
  const module = (await import(path.join(referenceDir, folder, 'index.ts'))) as { servers: Record<string, ServerFactory> };
  const factory = module.servers[suite];
  if (!factory) throw new Error(`reference/${folder}/index.ts has no server for ${suite}`);
  return factory.start({ host: '127.0.0.1', port: 0, fixturesDir: fixtures });
}

/**
 * Runs `body` on a fresh connection (10 s deadlines); false when the exchange broke off — the
 * server hung up or fell silent, which is a refusal and no breach, but is counted as unanswered.
 */
export async function onConnection(endpoint: Endpoint, body: (connection: TcpConnection) => Promise<void>): Promise<boolean> {
  const connection = await TcpConnection.open(endpoint, { limits: { readTimeoutMs: 10_000, maxReplyBytes: 1024 * 1024 } });
  try {
    await body(connection);
    return true;
  } catch {
    return false;
  } finally {
    connection.close();
  }
}
