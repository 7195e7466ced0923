import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { perfCommand } from '../../../harness/cli/commands/perf.ts';
import { loadProtocolPerfScenarios } from '../../../harness/core/catalogue.ts';
import { UsageError } from '../../../harness/core/errors.ts';
import { lineChartSvg } from '../../../harness/perf/line-chart.ts';
import { integerListFlag } from '../../../harness/perf/perf-scenario.ts';
import { loadPerfScenarios, perfScenarios } from '../../../harness/perf/scenarios.ts';
import type { Report } from '../../../harness/report/model.ts';

async function stdoutOf(run: () => Promise<number>): Promise<{ code: number; text: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: await run(), text: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('perf scenarios from protocol folders', () => {
  it('finds reference/<protocol>/perf-scenarios.ts beside the built-in scenarios', async () => {
    const discovered = await loadProtocolPerfScenarios();
    expect([...discovered.keys()]).toEqual(expect.arrayContaining(['p2p', 'dns']));
    const all = await loadPerfScenarios();
    expect(Object.keys(all).slice(0, Object.keys(perfScenarios).length)).toEqual(Object.keys(perfScenarios));
    for (const name of discovered.keys()) expect(all[name]).toBe(discovered.get(name));
  });

  it('lists every scenario with its own flags (rfcheck perf list)', async () => {
    const { code, text } = await stdoutOf(() => perfCommand(['list']));
    expect(code).toBe(0);
    expect(text).toMatch(/^http-persistent +one connection/m);
    expect(text).toMatch(/^p2p +file distribution/m);
    expect(text).toMatch(/^ {4}--peers LIST +values of N/m);
    expect(text).toMatch(/^ {4}--svg FILE /m);
  });

  it('checks a scenario’s own flags before measuring anything, with one-line usage errors', async () => {
    const bad: [string[], RegExp][] = [
      [['p2p', '--peers', '0,2'], /^--peers takes a comma list of whole numbers from 1 to 64, not '0,2'$/],
      [['p2p', '--peers', '1,,2'], /^--peers takes a comma list/],
      [['p2p', '--file-kib', 'big'], /^--file-kib takes a number, not 'big'$/],
      [['p2p', '--upload-kibps', '0'], /^--upload-kibps must be between 1 and /],
      [['http-persistent', '--peers', '2'], /^--peers applies to p2p only$/],
      [['p2p', '--target', '127.0.0.1:1'], /^--target does not apply to p2p \(it applies to http-/],
      [['p2p', '--no-such-flag', '1'], /no-such-flag/],
      [['dns', '--rtt-root', 'slow'], /^--rtt-root takes a number, not 'slow'$/],
      [['dns', '--samples', '0'], /^--samples must be between 1 and 100, not 0$/],
      [['dns', '--hierarchy-port', '53'], /^--hierarchy-port must be between 1024 and 65535, not 53$/],
      [['dns', '--target', '127.0.0.1:5353'], /^perf dns --target needs --hierarchy-port PORT/],
      [['dns', '--peers', '2'], /^--peers applies to p2p only$/],
    ];
    for (const [argv, message] of bad) {
      const error = await perfCommand([...argv, '--quiet']).catch((e: unknown) => e);
      expect(error, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((error as Error).message, argv.join(' ')).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('runs a protocol folder’s scenario through the command, its records in the JSON report', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-perf-p2p-'));
    try {
      const json = path.join(folder, 'perf.json');
      const svg = path.join(folder, 'chart.svg');
      const argv = ['p2p', '--peers', '1,2', '--file-kib', '64', '--upload-kibps', '128', '--svg', svg, '--json', json, '--quiet'];
      const { code, text } = await stdoutOf(() => perfCommand(argv));
      expect(code).toBe(0);
      expect(text).toMatch(/^ {2}N +model cs +model p2p +meas\. cs +meas\. p2p/m);
      const report = JSON.parse(await readFile(json, 'utf8')) as Report;
      expect(report.perf.map((r) => [r.scenario, r.params.mode, r.params.N])).toEqual([
        ['p2p', 'client-server', 1],
        ['p2p', 'p2p', 1],
        ['p2p', 'client-server', 2],
        ['p2p', 'p2p', 2],
      ]);
      for (const record of report.perf) expect(record.measured).toBeGreaterThan(0);
      execFileSync('xmllint', ['--noout', svg]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('parses comma lists', () => {
    expect(integerListFlag('1,2,32', 'peers', 1, 64)).toEqual([1, 2, 32]);
    expect(integerListFlag(undefined, 'peers', 1, 64)).toBeUndefined();
    expect(() => integerListFlag('65', 'peers', 1, 64)).toThrow(UsageError);
  });
});

describe('the SVG line chart', () => {
  it('is well-formed XML (xmllint), escapes labels, and draws one polyline per series', () => {
    const svg = lineChartSvg({
      title: 'time <against> N & "friends"',
      xLabel: 'N',
      yLabel: 's',
      series: [
        { label: 'model', color: '#d62728', dashed: true, points: [[1, 0.1], [2, 0.2], [32, 3.2]] },
        { label: "measured 'P2P'", color: '#1f77b4', points: [[1, 0.12], [2, Number.NaN], [32, 0.9]] },
      ],
    });
    execFileSync('xmllint', ['--noout', '-'], { input: svg });
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('time &lt;against&gt; N &amp; &quot;friends&quot;');
    expect(svg).not.toContain('NaN');
    // the y axis reaches past the largest value: 3.2 with ticks a round 1 apart ends at 4
    expect(svg).toMatch(/>4<\/text>/);
    expect(svg).not.toMatch(/>5<\/text>/);
  });
});
