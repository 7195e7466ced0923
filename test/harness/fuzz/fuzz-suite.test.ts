import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type HostileServer, startTcpHostile } from '../../../fixtures/hostile/tcp-behaviours.ts';
import { writeReports } from '../../../harness/cli/commands/run.ts';
import { main } from '../../../harness/cli/main.ts';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import type { Suite } from '../../../harness/core/suite.ts';
import { fuzzSettings } from '../../../harness/fuzz/default-settings.ts';
import { type FuzzSettings, fuzzSuite } from '../../../harness/fuzz/fuzz-suite.ts';
import { servedEndpoints, spawnedReference } from '../../../harness/targets/spawned-reference.ts';
import { startTarget } from '../../../harness/targets/start-target.ts';
import { type Endpoint, defaultWireLimits } from '../../../harness/wire/limits.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { decodeCase, sessionBytes } from '../../../harness/fuzz/session.ts';
import type { TargetSpec } from '../../../harness/targets/target-spec.ts';
import { testSeed } from '../../support/fixed-seed.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-fuzz-'));
const plantedCrash = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-on-long-line-server.ts');

function settings(overrides: Partial<FuzzSettings> = {}): FuzzSettings {
  return fuzzSettings({
    seed: testSeed,
    durationMs: 2000,
    concurrency: 16,
    startTimeoutMs: 20_000,
    healthEveryMs: 300,
    minimiseBudgetMs: 20_000,
    options: { fixturesDir },
    replayCommand: (id) => `npx rfcheck replay report.json ${id}`,
    ...overrides,
  });
}

async function suite(name: string): Promise<Suite> {
  const found = (await loadSuites()).find((s) => s.name === name);
  if (!found) throw new Error(`no suite ${name}`);
  return found;
}

describe('rfcheck fuzz', () => {
  const hostile: HostileServer[] = [];
  afterAll(async () => {
    await Promise.all(hostile.map((server) => server.close()));
  });

  it.each(['echo-tcp', 'echo-udp', 'http-cache'])('finds nothing in the %s reference in two seconds', async (name) => {
    const report = await fuzzSuite(await suite(name), spawnedReference(name), settings());
    expect(report.rules).toEqual([]);
    expect(report.fuzz.execs).toBeGreaterThan(50);
    expect(report.fuzz.corpusSessions).toBeGreaterThan(5);
    expect(report.fuzz.probe).toBe('reply-shape');
    expect(report.summary.fail).toBe(0);
  });

  it('finds a planted crash, minimises it, saves it and replays it', async () => {
    const command = `'${process.execPath}' --import '${import.meta.resolve('tsx')}' '${plantedCrash}' {port}`;
    const target: TargetSpec = { kind: 'spawn', command };
    const report = await fuzzSuite(await suite('echo-tcp'), target, settings({ durationMs: 30_000, minimiseBudgetMs: 120_000 }));
    expect(report.rules).toHaveLength(1);
    const finding = report.rules[0];
    expect(finding?.id).toBe('echo-tcp/fuzz/crash-1');
    expect(finding?.level).toBe('MUST');
    expect(finding?.message).toMatch(/exited with status 3 .*minimised in \d+ attempts/);
    const fuzzCase = decodeCase(finding?.counterexample?.input ?? '');
    expect(fuzzCase.kind).toBe('crash');
    // The server dies on a line over 2000 bytes: the minimised case is about that long.
    const bytes = fuzzCase.sessions.reduce((sum, s) => sum + sessionBytes(s), 0);
    expect(bytes).toBeGreaterThan(2000);
    expect(bytes).toBeLessThan(4000);
    expect(finding?.counterexample?.transcript).toMatch(/^\*: connected to/);

    const file = path.join(work, 'crash.json');
    await writeReports({ tool: 'rfcheck', version: '0.1.0', startedAt: new Date().toISOString(), durationMs: 0, suites: [report], perf: [] }, { json: file });
    expect(JSON.parse(readFileSync(file, 'utf8')).suites[0].rules[0].counterexample.path).toBe('fuzz:crash');
    expect(await main(['replay', file, 'echo-tcp/fuzz/crash-1'])).toBe(1);
  });

  it.each(['silent', 'endless-stream', 'endless-line', 'random-binary'] as const)('ends on time against a hostile server (%s)', async (behaviour) => {
    const server = await startTcpHostile(behaviour);
    hostile.push(server);
    const target: TargetSpec = { kind: 'address', endpoint: { host: '127.0.0.1', port: server.port } };
    const started = Date.now();
    const report = await fuzzSuite(await suite('echo-tcp'), target, settings({ durationMs: 1000, exec: { readTimeoutMs: 200, quietMs: 10, maxReplyBytes: 64 * 1024 } }));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(report.fuzz.execs + report.rules.length).toBeGreaterThan(0);
  });

  it('holds a suite\'s companion server and exclusive lock for the whole session', async () => {
    const lockName = `rfcheck-fuzz-test-${process.pid}`;
    const lockDir = path.join(os.tmpdir(), 'rfcheck-locks', lockName);
    const events: string[] = [];
    const echo = await suite('echo-tcp');
    const withCompanion: Suite = {
      ...echo,
      exclusive: lockName,
      fuzzCompanion: async () => {
        events.push(`companion up, lock ${existsSync(lockDir) ? 'held' : 'free'}`);
        return { close: async () => void events.push('companion closed') };
      },
    };
    let progressSeen = false;
    const report = await fuzzSuite(withCompanion, spawnedReference('echo-tcp'), settings({
      onProgress: () => {
        if (!progressSeen) events.push(`fuzzing, lock ${existsSync(lockDir) ? 'held' : 'free'}`);
        progressSeen = true;
      },
    }));
    expect(report.rules).toEqual([]);
    expect(events).toEqual(['companion up, lock held', 'fuzzing, lock held', 'companion closed']);
    expect(existsSync(lockDir)).toBe(false);
  });
});

describe('a spawned reference announces its named endpoints', () => {
  it('reads them from the line rfcheck serve prints', () => {
    expect(servedEndpoints('pop3 reference listening on 127.0.0.1:4100 (tcp); smtp 127.0.0.1:4101\n')).toEqual({ smtp: { host: '127.0.0.1', port: 4101 } });
    expect(servedEndpoints('x reference listening on [::1]:5 (udp); a 127.0.0.1:6, b [::1]:7\nmore')).toEqual({ a: { host: '127.0.0.1', port: 6 }, b: { host: '::1', port: 7 } });
    expect(servedEndpoints('echo-tcp reference listening on 127.0.0.1:4000 (tcp)\n')).toEqual({});
    // Not yet printed whole: wait.
    expect(servedEndpoints('pop3 reference listening on 127.0.0.1:4100 (tcp); smtp 127.0.0.1:41')).toBeUndefined();
    expect(servedEndpoints('')).toBeUndefined();
  });

  it('gives a spawned pop3 reference its smtp endpoint', async () => {
    const active = await startTarget(await suite('pop3'), spawnedReference('pop3'), { fixturesDir, startTimeoutMs: 30_000, limits: defaultWireLimits });
    try {
      expect(Object.keys(active.endpoints)).toEqual(['smtp']);
      const connection = await TcpConnection.open(active.endpoints.smtp as Endpoint, { limits: { readTimeoutMs: 10_000 } });
      expect((await connection.readLine()).text).toMatch(/^220 /);
      connection.close();
    } finally {
      await active.close();
    }
  });
});
