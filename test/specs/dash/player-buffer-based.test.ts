import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../../harness/core/catalogue.ts';
import { startDashPlayer } from '../../../reference/dash/player/control-server.ts';
import { defaultPlayerSettings } from '../../../reference/dash/player/player.ts';
import { runAgainst } from '../../support/mutant-matrix.ts';

/**
 * The reference player with its buffer-based algorithm (BBA) instead of the rate-based one: it
 * chooses from its buffer level alone, so once the buffer is past the cushion it takes a
 * representation the link cannot carry. The suite says so in exactly one rule; everything else
 * a player must do, it does.
 */
describe('dash-player against the buffer-based reference player', () => {
  it('fails only settled-rate-within-throughput', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'dash-player');
    if (!suite) throw new Error('no dash-player suite');
    const report = await runAgainst(suite, { start: (options) => startDashPlayer(options, { ...defaultPlayerSettings, algorithm: 'buffer' }) }, { ruleTimeoutMs: 60_000 });
    const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);
    expect(failing).toEqual(['dash-player/2.6.2/settled-rate-within-throughput']);
  }, 120_000);
});
