import { cp, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { startFtpServer } from '../../../reference/ftp/ftp-server.ts';
import { download, upload } from '../../../specs/ftp/transfers.ts';
import { logIn, runIO } from './harness-session.ts';

/**
 * Throws path spellings at the reference (dot-dot in many forms, encoded, absolute, through
 * symbolic links that point out of the root, with NUL) and checks that none escapes: nothing
 * outside alice's root is read, listed, entered or written.
 */

const prefixes = [
  '../', '../../', '../../../../../../../../', '/../', '/..//', '/../../', './../', '.././', '..//', '//..//', '...//..//',
  '..\\', '..\\..\\', '\\..\\', '..%2f', '%2e%2e/', '%2e%2e%2f', '..%252f', '%252e%252e/', '....//', '..;/', '.%2e/', '%2e./',
  'docs/../../', 'docs/../../../', '/docs/../..//', 'docs/./../../', '~/../', '~bob/', '/home/bob/../', 'escape-parent/', 'escape-parent/../',
  '%c0%ae%c0%ae/', '..%c0%af', '..%u2215', '\u2025/', '\uff0e\uff0e/', ' ../', '..\t/', '../\u0000', '\u0000../', '..\u0000/',
];
const targets = ['bob/secret.txt', 'secret.txt', 'etc/passwd', 'passwd'];
const secrets = ['bob keeps this file to himself', 'root:x:0:0'];

describe('reference FTP server: no path leaves the root', () => {
  let work: string;
  let server: RunningServer;
  const outsideMarker = 'rfcheck-escaped-write';

  beforeAll(async () => {
    // A fixture copy whose alice tree holds links out of the root (to /etc, to bob, to a file
    // outside, a dangling one pointing outside) and one link that stays inside.
    work = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-ftp-traversal-'));
    await cp(path.join(fixturesDir, 'ftp'), path.join(work, 'ftp'), { recursive: true, filter: (source) => !source.includes('mutants') });
    const alice = path.join(work, 'ftp', 'tree', 'alice');
    await symlink('/etc', path.join(alice, 'escape-etc'));
    await symlink('../bob', path.join(alice, 'escape-parent'));
    await symlink(path.join(work, 'ftp', 'tree', 'bob', 'secret.txt'), path.join(alice, 'escape-file'));
    await symlink(path.join(work, outsideMarker), path.join(alice, 'dangling-out'));
    await symlink('docs', path.join(alice, 'inside-link'));
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir: work });
  });

  afterAll(async () => {
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses or confines at least 100 spellings, for reading, listing, entering and writing', async () => {
    const io = runIO(server.endpoint);
    const control = await logIn(io);
    const paths = [
      ...prefixes.flatMap((prefix) => targets.map((target) => `${prefix}${target}`)),
      'escape-etc/passwd', 'escape-etc/hostname', 'escape-parent/secret.txt', 'escape-file', 'inside-link/../escape-file', 'escape-etc/../escape-etc/passwd',
      '/escape-etc/passwd', `${os.tmpdir()}/${outsideMarker}`, '/etc/passwd', '//etc/passwd',
    ];
    let attempts = 0;
    for (const candidate of paths) {
      const retr = await download(control, `RETR ${candidate}`);
      attempts += 1;
      for (const secret of secrets) expect(retr.data.toString('latin1'), `RETR ${candidate}`).not.toContain(secret);
      const listing = await download(control, `LIST ${candidate}`);
      expect(listing.data.toString('latin1'), `LIST ${candidate}`).not.toMatch(/secret\.txt|passwd|hostname/);
      const size = await control.command(`SIZE ${candidate}`);
      expect(size.code, `SIZE ${candidate}`).not.toBe(213);
      const cwd = await control.command(`CWD ${candidate.replace(/[^/]*$/, '')}`);
      if (cwd.code === 250) {
        const inside = await download(control, 'NLST');
        expect(inside.data.toString('latin1'), `NLST after CWD ${candidate}`).not.toMatch(/secret\.txt|passwd|hostname/);
      }
      await control.succeed('CWD /');
    }
    expect(attempts).toBeGreaterThanOrEqual(100);

    // Writing through a link that points out of the root, or through a climbing path.
    for (const name of ['dangling-out', `../${outsideMarker}`, `../../${outsideMarker}`, `escape-parent/${outsideMarker}`, `escape-etc/${outsideMarker}`]) {
      const stored = await upload(control, `STOR ${name}`, Buffer.from('escaped?'));
      if (stored.opening) expect(stored.final.code, `STOR ${name}`).toBeLessThan(300);
      await control.command(`MKD ${name}-dir`);
      await control.command(`RNFR readme.txt`);
      await control.command(`RNTO ${name}-renamed`);
    }
    await expect(stat(path.join(work, outsideMarker))).rejects.toThrow();
    const bob = await logIn(io, 'bob', 'builder');
    expect((await download(bob, 'NLST')).data.toString('latin1')).toBe('secret.txt\r\n');
    process.stdout.write(`\ntraversal: ${paths.length} path spellings × RETR, LIST, SIZE, CWD (${paths.length * 4} requests) and 25 writes; none left alice's root\n`);
    io.dispose();
  }, 60_000);
});
