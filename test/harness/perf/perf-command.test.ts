import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { perfCommand, perfHelp } from '../../../harness/cli/commands/perf.ts';
import { UsageError } from '../../../harness/core/errors.ts';
import { httpGoal } from '../../../harness/perf/perf-table.ts';
import type { Report } from '../../../harness/report/model.ts';

describe('rfcheck perf', () => {
  it('refuses bad input with a one-line usage error', async () => {
    for (const argv of [[], ['nope'], ['http-persistent', '--rtt', 'fast'], ['http-persistent', '--objects', '-1'], ['queueing', '--target', '127.0.0.1:80'], ['http-persistent', '--target', 'nowhere']]) {
      await expect(perfCommand(argv)).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('names the known scenarios, in one line, for one it does not know', async () => {
    const error = await perfCommand(['no-such-scenario', '--quiet']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^unknown perf scenario 'no-such-scenario' \(known: http-nonpersistent, .*\bp2p\b.*, all, list\)$/);
  });

  it('--help lists every scenario, the protocol folders\' with their own flags', async () => {
    const help = await perfHelp('usage text\n');
    expect(help.startsWith('usage text\n')).toBe(true);
    for (const name of ['queueing', 'p2p', 'dns', 'dash']) expect(help).toMatch(new RegExp(`^${name} +\\S`, 'm'));
    expect(help).toMatch(/^ {4}--peers /m); // a flag only p2p takes
  });

  it('writes a report with the perf records and no suites', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-perf-cmd-'));
    try {
      const json = path.join(folder, 'perf.json');
      const argv = ['http-persistent', '--rtt', '2', '--rate', '100', '--objects', '1', '--size', '1000', '--repeat', '1', '--quiet', '--json', json];
      expect(await perfCommand(argv)).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8')) as Report;
      expect(report.suites).toEqual([]);
      expect(report.perf).toHaveLength(1);
      expect(report.perf[0]?.scenario).toBe('http-persistent');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('the HTTP accuracy goal', () => {
  const record = (rttMs: number, size: number, ratio: number) => ({ scenario: 'http-persistent', params: { rttMs, rateMbps: 10, size }, unit: 's', measured: ratio, model: 1, ratio });

  it('applies for RTT 20–100 ms and transfers of 10 ms or more', () => {
    expect(httpGoal(record(50, 100_000, 1.04))).toBe('met');
    expect(httpGoal(record(50, 100_000, 1.06))).toBe('missed');
    expect(httpGoal(record(10, 100_000, 1.5))).toBeUndefined();
    expect(httpGoal(record(50, 10_000, 1.5))).toBeUndefined(); // 8 ms on the link
    expect(httpGoal({ ...record(50, 100_000, 2), scenario: 'queueing' })).toBeUndefined();
  });
});
