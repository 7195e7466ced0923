import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TcpBehaviour, startTcpHostile, tcpBehaviours } from '../../../fixtures/hostile/tcp-behaviours.ts';
import type { HostileServer } from '../../../fixtures/hostile/tcp-behaviours.ts';
import { type UdpBehaviour, startUdpHostile, udpBehaviours } from '../../../fixtures/hostile/udp-behaviours.ts';
import { loadSuites, projectRoot } from '../../../harness/core/catalogue.ts';

/**
 * Every suite against every hostile behaviour of its transport: each rule ends with a verdict
 * within its deadline, no check breaks (no "internal error"), the harness's peak memory stays
 * under 256 MB, nothing crashes, and a suite's wall time is bounded by rules × deadline. Prints
 * the table suite × behaviour → fail/error/skip/pass. A pass is possible and honest for rules
 * that forbid something (a silent server wraps no Content-Length); every rule's ability to fail
 * is proved by the mutant matrices.
 */
const readTimeoutMs = 100;
const ruleTimeoutMs = 1500;
/** A rule's own bound: its deadline, two reads' grace and a second of slack (run-rule.ts). */
const ruleBoundMs = ruleTimeoutMs + 2 * readTimeoutMs + 1000;
const memoryCapKb = 256 * 1024;
/**
 * The harness runs with its old space capped: left alone, V8 lets garbage pile up towards its
 * default heap limit before collecting, which says nothing about what the harness keeps. Under
 * this cap a harness whose live memory grew without bound would crash (and fail the test); the
 * peak RSS measured is then the harness's real footprint.
 */
const heapCapMb = 160;

interface Line {
  behaviour: string;
  /** The suite's own time against this behaviour (lock waits excluded). */
  ms: number;
  waitedMs?: number;
  verdicts?: { id: string; status: string; ms: number; message?: string }[];
  unreachable?: string;
}

const servers = new Map<string, HostileServer>();
beforeAll(async () => {
  for (const b of Object.keys(tcpBehaviours) as TcpBehaviour[]) servers.set(b, await startTcpHostile(b));
  for (const b of Object.keys(udpBehaviours) as UdpBehaviour[]) servers.set(b, await startUdpHostile(b));
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

function sweep(suite: string, behaviours: string[]): Promise<{ lines: Line[]; maxRssKb: number; code: number | null; stderr: string }> {
  const targets = behaviours.map((b) => `${b}=${servers.get(b)?.port}`);
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, `--max-old-space-size=${heapCapMb}`, '--import', 'tsx', path.join('test', 'harness', 'hostile', 'sweep-suite.ts'), suite, String(readTimeoutMs), String(ruleTimeoutMs), ...targets], {
      cwd: projectRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
      resolve({ lines, maxRssKb: Number(/maxrss (\d+)/.exec(stderr)?.[1] ?? 0), code, stderr });
    });
  });
}

describe('every suite against every hostile behaviour', async () => {
  const suites = await loadSuites();
  const table: string[] = [];
  afterAll(() => process.stdout.write(`\nhostile behaviours (suite × behaviour → fail/error/skip/pass, seconds):\n${table.join('\n')}\n`));

  it.concurrent.each(suites.map((s) => [s.name, s] as const))(
    '%s',
    async (_name, suite) => {
      const behaviours = Object.keys(suite.transport === 'tcp' ? tcpBehaviours : udpBehaviours);
      const started = Date.now();
      const result = await sweep(suite.name, behaviours);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      expect(result.lines.map((l) => l.behaviour)).toEqual(behaviours);
      for (const line of result.lines) {
        const counts = { fail: 0, error: 0, skip: 0, pass: 0 };
        for (const v of line.verdicts ?? []) counts[v.status as keyof typeof counts] += 1;
        table.push(`  ${suite.name.padEnd(18)} ${line.behaviour.padEnd(20)} ${line.unreachable ? `unreachable: ${line.unreachable}` : `${counts.fail}/${counts.error}/${counts.skip}/${counts.pass}`}  ${(line.ms / 1000).toFixed(1)} s`);
        if (line.unreachable) {
          // Only a server that is down when the suite starts may be reported unreachable.
          expect(line.behaviour).toBe('dies-and-returns');
          continue;
        }
        expect(line.verdicts).toHaveLength(suite.rules.length);
        for (const v of line.verdicts ?? []) {
          expect(v.ms, `${v.id} against ${line.behaviour}`).toBeLessThanOrEqual(ruleBoundMs);
          if (v.status === 'error') expect(v.message ?? '', `${v.id} against ${line.behaviour}`).not.toMatch(/internal error in the check/);
        }
        expect(line.ms).toBeLessThanOrEqual(suite.rules.length * ruleBoundMs + 5000);
      }
      expect(result.maxRssKb).toBeGreaterThan(0);
      expect(result.maxRssKb, `peak memory of the ${suite.name} sweep`).toBeLessThan(memoryCapKb);
      table.push(`  ${suite.name.padEnd(18)} ${'(whole sweep)'.padEnd(20)} peak ${Math.round(result.maxRssKb / 1024)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    600_000,
  );
});
