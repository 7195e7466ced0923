import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError, errorMessage } from '../harness/core/errors.ts';
import { integerFlag, parseFlags } from '../harness/cli/flags.ts';
import { symmetricLink } from '../harness/perf/link-config.ts';
import { startTcpLink } from '../harness/perf/tcp-link.ts';
import { startHttp2Server } from '../reference/http2/server.ts';
import { type ObjectArrival, headOfLineModel, http1Pipelined, http2Multiplexed } from '../specs/http2/head-of-line.ts';

/**
 * `npx tsx bench/http2-hol.ts [--large-kib N] [--small N] [--small-kib N] [--rtt-ms N] [--mbps N]`
 * One large object requested first, then several small ones, through the link emulator, from
 * the HTTP/2 reference (which speaks HTTP/1.1 on the same port): HTTP/1.1 pipelining against
 * HTTP/2, each beside the course's model of when every object is complete.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    'large-kib': { type: 'string' },
    small: { type: 'string' },
    'small-kib': { type: 'string' },
    'rtt-ms': { type: 'string' },
    mbps: { type: 'string' },
  });
  const largeBytes = integerFlag(values['large-kib'], 'large-kib', 1024, 1, 64 * 1024) * 1024;
  const smallCount = integerFlag(values.small, 'small', 5, 1, 50);
  const smallBytes = integerFlag(values['small-kib'], 'small-kib', 2, 1, 1024) * 1024;
  const rttMs = integerFlag(values['rtt-ms'], 'rtt-ms', 20, 0, 2000);
  const mbps = integerFlag(values.mbps, 'mbps', 20, 1, 10_000);

  const work = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-hol-'));
  const docroot = path.join(work, 'http', 'docroot');
  await mkdir(docroot, { recursive: true });
  await writeFile(path.join(docroot, 'large.bin'), Buffer.alloc(largeBytes, 0x4c));
  const paths = ['/large.bin'];
  for (let i = 1; i <= smallCount; i++) {
    await writeFile(path.join(docroot, `small-${i}.txt`), Buffer.alloc(smallBytes, 0x73));
    paths.push(`/small-${i}.txt`);
  }
  const server = await startHttp2Server({ host: '127.0.0.1', port: 0, fixturesDir: work });
  const link = await startTcpLink(server.endpoint, symmetricLink({ rttMs, rateMbps: mbps }));
  const limits = { timeoutMs: 120_000, maxObjectBytes: largeBytes };
  try {
    const h1 = await http1Pipelined(link.endpoint, paths, limits);
    const h2 = await http2Multiplexed(link.endpoint, paths, limits);
    const sizes = paths.map((_p, i) => (i === 0 ? largeBytes : smallBytes));
    // The model's RTT is one for the requests; connection set-up happens before the clock starts.
    const h1Model = headOfLineModel(sizes, rttMs, mbps * 1e6, false);
    const h2Model = headOfLineModel(sizes, rttMs, mbps * 1e6, true);
    const ms = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(1)).padStart(9);
    const at = (arrivals: ObjectArrival[], p: string): number | undefined => arrivals.find((a) => a.path === p)?.doneMs;
    process.stdout.write(`head-of-line: 1 × ${largeBytes / 1024} KiB then ${smallCount} × ${smallBytes / 1024} KiB, RTT ${rttMs} ms, ${mbps} Mbit/s (link emulator)\n`);
    process.stdout.write(`${'object'.padEnd(16)}${'h1 ms'.padStart(9)}${'h1 model'.padStart(9)}${'h2 ms'.padStart(9)}${'h2 model'.padStart(9)}\n`);
    paths.forEach((p, i) => process.stdout.write(`${p.padEnd(16)}${ms(at(h1, p))}${ms(h1Model[i])}${ms(at(h2, p))}${ms(h2Model[i])}\n`));
    const lastSmall = (arrivals: ObjectArrival[]): number => Math.max(...paths.slice(1).map((p) => at(arrivals, p) ?? Number.NaN));
    process.stdout.write(`last small object: HTTP/1.1 ${lastSmall(h1).toFixed(1)} ms, HTTP/2 ${lastSmall(h2).toFixed(1)} ms\n`);
  } finally {
    await link.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`http2-hol: ${errorMessage(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
