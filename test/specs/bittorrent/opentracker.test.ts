import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import { runSuite } from '../../../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { testSeed } from '../../support/fixed-seed.ts';
import { type DebianServer, copyFixture, makeWorkDir, renderFixture, requireBinary, startDebianServer } from './debian-server.ts';

/**
 * opentracker from Debian against the bittorrent-tracker suite. Its deviations are in
 * fixtures/bittorrent/README.md ("opentracker"); here they are asserted exactly.
 */
describe('opentracker (Debian) against bittorrent-tracker', () => {
  let server: DebianServer | undefined;

  beforeAll(async () => {
    const binary = requireBinary('opentracker', 'opentracker');
    const workDir = await makeWorkDir('rfcheck-opentracker-');
    await copyFixture('bittorrent/tracker/info-hashes.txt', workDir, 'whitelist.txt');
    const config = await renderFixture('bittorrent/opentracker.conf', workDir, { rootdir: workDir });
    server = await startDebianServer(workDir, (port) => `exec ${binary} -f ${config} -i 127.0.0.1 -p ${port} -P ${port}`);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('fails exactly its three documented deviations and skips compact=0', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'bittorrent-tracker');
    if (!suite || !server) throw new Error('suite or server missing');
    const report = await runSuite(suite, { kind: 'address', endpoint: server.endpoint }, {
      seed: testSeed,
      runs: 25,
      ruleTimeoutMs: 20_000,
      startTimeoutMs: 10_000,
      limits: { ...defaultWireLimits, readTimeoutMs: 2000 },
      strict: false,
      options: { fixturesDir },
      select: () => true,
      replayCommand: (_s, id) => `npx rfcheck replay - ${id}`,
    });
    const ids = (status: string): string[] => report.rules.filter((r) => r.status === status).map((r) => r.id);
    expect(ids('fail')).toEqual([
      'bittorrent-tracker/trackers/missing-port-refused',
      'bittorrent-tracker/bencoding/dictionary-keys-sorted',
      'bittorrent-tracker/scrape-response/large-left-counts-incomplete',
    ]);
    expect(report.summary.mustFailed).toBe(2);
    expect(ids('skip')).toEqual(['bittorrent-tracker/trackers/peer-dictionaries-complete']);
    expect(ids('error')).toEqual([]);
  });
});
