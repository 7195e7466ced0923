import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';
import { inShard, parseShard } from '../../../harness/gate/shard.ts';
import type { Report } from '../../../harness/report/model.ts';

const bin = path.join(projectRoot, 'bin', 'rfcheck.js');
const buggyUdp = `python3 ${path.join(projectRoot, 'fixtures', 'echo', 'students', 'udp_str_upper_server.py')} {port}`;
const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-shards-'));

function rfcheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [bin, ...args, '--quiet'], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What must be equal between a sharded and an unsharded run: everything but timings. */
function verdicts(file: string): unknown {
  const report = JSON.parse(readFileSync(path.join(work, file), 'utf8')) as Report;
  return report.suites.map((s) => ({
    suite: s.suite,
    seed: s.seed,
    summary: s.summary,
    rules: s.rules.map((r) => ({ id: r.id, status: r.status, runs: r.runs, input: r.counterexample?.input, path: r.counterexample?.path, message: r.message })),
  }));
}

describe('shards', () => {
  it('deal every rule to exactly one shard, evenly', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `s/1/r${i}`);
    const shards = [1, 2, 3].map((i) => ids.filter(inShard(parseShard(`${i}/3`), ids)));
    expect(shards.map((s) => s.length)).toEqual([4, 3, 3]);
    expect(shards.flat().sort()).toEqual([...ids].sort());
  });

  it.each(['0/3', '4/3', '1/0', 'x', '1-3'])('refuse --shard %s', (text) => expect(() => parseShard(text)).toThrow(/--shard/));

  it('merged shard reports equal the unsharded report, failures and counterexamples included', () => {
    const common = ['run', 'echo-udp', '--spawn', buggyUdp, '--seed', '11', '--runs', '30'];
    expect(rfcheck(...common, '--json', 'whole.json').status).toBe(1);
    for (const i of [1, 2, 3]) rfcheck(...common, '--shard', `${i}/3`, '--json', `shard-${i}.json`);
    const merged = rfcheck('merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--json', 'merged.json');
    expect(merged.status).toBe(1);
    expect(verdicts('merged.json')).toEqual(verdicts('whole.json'));
    // The merged report gated against the unsharded one: nothing regressed.
    const gated = rfcheck('merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--json', 'gated.json', '--baseline', 'whole.json', '--fail-on', 'regression');
    expect(gated.stdout).toContain('no change against the baseline');
    expect(gated.status).toBe(0);
  });

  it('merge refuses the same rule twice, and shards run with different seeds', () => {
    rfcheck('run', 'echo-tcp', '--seed', '1', '--runs', '5', '--json', 'a.json');
    rfcheck('run', 'echo-tcp', '--seed', '2', '--runs', '5', '--json', 'b.json');
    const twice = rfcheck('merge', 'a.json', 'a.json', '--json', 'x.json');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/seed|appears in both/);
    const seeds = rfcheck('merge', 'a.json', 'b.json', '--json', 'y.json');
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toMatch(/with seed 2 but a\.json with seed 1/);
  });
});

describe('baseline gate', () => {
  const correctUdp = `python3 ${path.join(projectRoot, 'fixtures', 'echo', 'students', 'udp_uppercase_server.py')} {port}`;

  it('exits 1 on a regression and names it; exits 0 when only fixes appear', () => {
    expect(rfcheck('run', 'echo-udp', '--spawn', correctUdp, '--seed', '5', '--runs', '20', '--json', 'good.json').status).toBe(0);
    expect(rfcheck('run', 'echo-udp', '--spawn', buggyUdp, '--seed', '5', '--runs', '20', '--json', 'bad.json').status).toBe(1);

    const regressed = rfcheck('run', 'echo-udp', '--spawn', buggyUdp, '--seed', '5', '--runs', '20', '--baseline', 'good.json', '--fail-on', 'regression', '--json', 'r1.json');
    expect(regressed.status).toBe(1);
    expect(regressed.stdout).toMatch(/regressions \(1\):\n {2}echo-udp\/2\.7\.1\/other-bytes-unchanged \[MUST\] pass → fail/);

    const fixed = rfcheck('run', 'echo-udp', '--spawn', correctUdp, '--seed', '5', '--runs', '20', '--baseline', 'bad.json', '--fail-on', 'regression', '--json', 'r2.json');
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toMatch(/fixed \(1\):\n {2}echo-udp\/2\.7\.1\/other-bytes-unchanged \[MUST\] fail → pass/);
  });

  it('prints GitHub annotations for failures when asked', () => {
    const run = rfcheck('run', 'echo-udp', '--spawn', buggyUdp, '--seed', '5', '--runs', '20', '--annotations', 'github', '--json', 'ann.json');
    expect(run.stdout).toMatch(/^::error title=echo-udp\/2\.7\.1\/other-bytes-unchanged \(MUST%2C Kurose & Ross%2C Computer Networking §2\.7\.1\)::fail: /m);
  });

  it.each([
    [['--fail-on', 'regression'], /--fail-on regression needs --baseline/],
    [['--fail-on', 'sometimes'], /--fail-on takes 'regression' or 'must'/],
    [['--baseline', 'nope.json'], /cannot read the baseline nope\.json/],
    [['--shard', '3/2'], /--shard '3\/2'/],
    [['--annotations', 'gitlab'], /--annotations takes/],
  ])('rejects %j with exit 2', (flags, pattern) => {
    const r = rfcheck('run', 'echo-tcp', '--runs', '1', ...(flags as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
  });
});
