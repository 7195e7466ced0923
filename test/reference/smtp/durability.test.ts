import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSeed } from '../../support/fixed-seed.ts';
import { projectRoot } from '../../../harness/core/catalogue.ts';
import { referenceEntry, runDurabilityTrials } from './durability-harness.ts';

/** RFCHECK_DURABILITY_TRIALS sets the count (run-durability.sh runs 1,000); CI runs 200. */
const trials = Number(process.env.RFCHECK_DURABILITY_TRIALS ?? 200);

describe('SMTP reference: a SIGKILL at any moment loses no acknowledged message', () => {
  let root = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(`${trials} kills during deliveries leave every 250-acknowledged message whole in new/, and no partial file`, async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-durability-'));
    const report = await runDurabilityTrials(path.join(root, 'reference'), { entry: referenceEntry, trials, lanes: 4, seed: testSeed, clients: 3, maxKillDelayMs: 150 });
    process.stdout.write(`\ndurability: ${report.trials} kill trials, ${report.acknowledged} messages acknowledged; lost ${report.lost}, damaged ${report.damaged}, half-visible ${report.halfVisible}; ${report.storedUnacknowledged} stored but unacknowledged (killed between rename and 250)\n`);
    expect(report.problems).toEqual([]);
    expect([report.lost, report.damaged, report.halfVisible]).toEqual([0, 0, 0]);
    expect(report.trials).toBe(trials);
    // Every trial waits for a first 250 before its kill, so the property is never vacuous.
    expect(report.acknowledged).toBeGreaterThanOrEqual(trials);
  }, 600_000);

  it('catches a server that answers 250 before the message is on disk (fixtures/smtp/mutants/ack-before-write.ts)', async () => {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'rfcheck-durability-'));
    const entry = path.join(projectRoot, 'fixtures', 'smtp', 'mutants', 'ack-before-write.ts');
    const report = await runDurabilityTrials(path.join(root, 'ack-before-write'), { entry, trials: 12, lanes: 2, seed: testSeed, clients: 3, maxKillDelayMs: 150 });
    process.stdout.write(`\ndurability, planted bug: ${report.problems.length} problems in ${report.trials} trials, e.g. ${report.problems[0] ?? '-'}\n`);
    expect(report.problems.length).toBeGreaterThan(0);
  }, 300_000);
});
