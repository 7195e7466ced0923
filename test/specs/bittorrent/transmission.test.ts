import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { type DebianServer, copyFixture, makeWorkDir, renderFixture, requireBinary, runSuiteAt, startDebianServer } from './debian-server.ts';

/**
 * transmission-daemon from Debian against bittorrent-peer. Transmission 3.00 treats every
 * loopback address as "martian" and drops peer connections from it, and the harness may only use
 * loopback; fixtures/bittorrent/README.md ("transmission") documents this, and the test asserts
 * exactly that outcome, so a transmission that accepts loopback peers turns it red and the full
 * verdicts can then be recorded.
 */
describe('transmission-daemon (Debian) against bittorrent-peer', () => {
  let server: DebianServer | undefined;

  beforeAll(async () => {
    const daemon = requireBinary('transmission-daemon', 'transmission-daemon');
    const remote = requireBinary('transmission-remote', 'transmission-cli');
    const workDir = await makeWorkDir('rfcheck-transmission-');
    for (const folder of ['config', 'watch', 'downloads']) await mkdir(path.join(workDir, folder));
    await copyFixture('bittorrent/peer/seed/rfcheck-seed.bin', path.join(workDir, 'downloads'), 'rfcheck-seed.bin');
    const rpcPort = await findFreePort('127.0.0.1');
    server = await startDebianServer(workDir, async (peerPort) => {
      const values = { peerport: String(peerPort), rpcport: String(rpcPort), workdir: workDir };
      await renderFixture('bittorrent/transmission-settings.json', path.join(workDir, 'config'), values, 'settings.json');
      for (const torrent of ['seed.torrent', 'leech.torrent']) await copyFixture(`bittorrent/peer/${torrent}`, path.join(workDir, 'watch'), torrent);
      return `exec ${daemon} -f -g ${path.join(workDir, 'config')}`;
    });
    // The seed torrent is ready once transmission has checked the file against its hashes.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = spawnSync(remote, [String(rpcPort), '-l'], { encoding: 'utf8', timeout: 5000 }).stdout;
      if (/100%.*rfcheck-seed\.bin/.test(list)) break;
      if (Date.now() > deadline) throw new Error(`transmission did not verify the seed torrent: ${list}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('drops every loopback peer connection right after our handshake', async () => {
    if (!server) throw new Error('the server did not start');
    const report = await runSuiteAt('bittorrent-peer', server.endpoint, { runs: 2, readTimeoutMs: 5000, ruleTimeoutMs: 20_000 });
    // Against a peer that drops every loopback connection, only the rule that wants a severed
    // connection can pass among the MUST rules, and all the others fail at the handshake:
    // dropped (close or reset) or, on a busy machine, still unanswered at the read deadline.
    // On a loaded machine transmission now and then completes a handshake, so the SHOULD rules
    // (request sizes, choking) are only required to reach a verdict, not a fixed one.
    const must = report.rules.filter((r) => r.level === 'MUST');
    const passing = must.filter((r) => r.status === 'pass').map((r) => r.id);
    expect(passing.filter((id) => id !== 'bittorrent-peer/peer-protocol/unknown-info-hash-severed')).toEqual([]);
    for (const rule of must.filter((r) => r.status !== 'pass')) {
      expect(rule.status, rule.id).toBe('fail');
      expect(rule.message).toMatch(/connection (closed|reset) by the target while waiting for the 68-byte handshake|no the 68-byte handshake within \d+ ms/);
    }
    for (const rule of report.rules.filter((r) => r.level !== 'MUST')) expect(rule.status, rule.id).not.toBe('error');
  });
});
