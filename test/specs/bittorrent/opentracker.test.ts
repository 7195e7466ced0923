import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DebianServer, copyFixture, makeWorkDir, renderFixture, requireBinary, runSuiteAt, startDebianServer } from './debian-server.ts';

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
    if (!server) throw new Error('the server did not start');
    const report = await runSuiteAt('bittorrent-tracker', server.endpoint, { runs: 25, readTimeoutMs: 2000, ruleTimeoutMs: 20_000 });
    const ids = (status: string): string[] => report.rules.filter((r) => r.status === status).map((r) => r.id);
    expect(ids('fail')).toEqual([
      'bittorrent-tracker/trackers/missing-port-refused',
      'bittorrent-tracker/bencoding/dictionary-keys-sorted',
      'bittorrent-tracker/bep48-scrape-response/large-left-counts-incomplete',
    ]);
    expect(report.summary.mustFailed).toBe(2);
    expect(ids('skip')).toEqual(['bittorrent-tracker/trackers/peer-dictionaries-complete']);
    expect(ids('error')).toEqual([]);
  });
});
