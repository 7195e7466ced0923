import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { RunIO } from '../../harness/runner/run-io.ts';
import { type Endpoint, defaultWireLimits } from '../../harness/wire/limits.ts';
import { FtpControl } from '../../specs/ftp/control-connection.ts';
import { download, upload } from '../../specs/ftp/transfers.ts';
import { corpus, row, type SecurityRow, shown, startReference } from './corpus.ts';
import type { ServerFactory } from '../../harness/core/suite.ts';
import { outsideSecret } from './http-docroot.ts';

/**
 * FTP: no path of fixtures/security/ftp-traversal.txt lets user alice read, list, size, enter
 * or write anything outside her root. Her fixture tree (copied into `work`) holds links that
 * point out of it; bob's secret and /etc/passwd are the files to reach. Each path is tried with
 * RETR, LIST, SIZE, CWD (then NLST) and STOR; a breach is a secret's text in a transfer, a
 * listing or size of something outside, or a stored file that lands outside alice's root.
 */

const secrets = ['bob keeps this file to himself', 'root:x:0:0', outsideSecret];
const outsideNames = /secret\.txt|passwd|hostname|secret-outside/;

/** Whether a listing names something from outside (the files this check itself stored inside, named with `tag`, aside). */
const listsOutside = (listing: Buffer, tag: string): boolean =>
  listing.toString('latin1').split('\n').some((line) => !line.includes(tag) && outsideNames.test(line));

export async function plantFtpTree(work: string): Promise<string> {
  const fixtures = path.join(work, 'fixtures');
  await mkdir(fixtures, { recursive: true });
  await cp(path.join(fixturesDir, 'ftp'), path.join(fixtures, 'ftp'), { recursive: true, filter: (source) => !source.includes('mutants') });
  await writeFile(path.join(work, 'secret-outside.txt'), `${outsideSecret}\n`);
  const alice = path.join(fixtures, 'ftp', 'tree', 'alice');
  await symlink('/etc', path.join(alice, 'escape-etc'));
  await symlink('../bob', path.join(alice, 'escape-parent'));
  await symlink(path.join(fixtures, 'ftp', 'tree', 'bob', 'secret.txt'), path.join(alice, 'escape-file'));
  await symlink(path.join(work, 'written-outside'), path.join(alice, 'dangling-out'));
  await symlink('docs', path.join(alice, 'inside-link'));
  return fixtures;
}

function io(endpoint: Endpoint): RunIO {
  return new RunIO(endpoint, {}, { fixturesDir }, { ...defaultWireLimits, readTimeoutMs: 10_000 }, new AbortController().signal);
}

/** Files whose name holds `tag` anywhere but inside an `alice` home, under the given roots (the whole tree when `deep`). */
async function strayWrites(roots: [root: string, deep: boolean][], tag: string): Promise<string[]> {
  const found: string[] = [];
  for (const [root, deep] of roots) {
    let entries: string[];
    try {
      entries = await readdir(root, { recursive: deep });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.includes(tag) && !/(^|\/)alice\//.test(entry)) found.push(path.join(root, entry));
    }
  }
  return found;
}

export async function checkFtpRoot(work: string, planted?: ServerFactory): Promise<SecurityRow> {
  const home = path.join(work, 'ftp');
  const fixtures = await plantFtpTree(home);
  const paths = await corpus('ftp-traversal.txt', home);
  const server = await startReference('ftp', 'ftp', fixtures, planted);
  const tag = `rfw${randomBytes(4).toString('hex')}`;
  const breaches: string[] = [];
  let unanswered = 0;
  let session = io(server.endpoint);
  let control: FtpControl | undefined;
  try {
    for (const candidate of paths) {
      try {
        control ??= await FtpControl.loggedIn(session, { user: 'alice', pass: 'wonderland' });
        const retr = await download(control, `RETR ${candidate}`);
        if (secrets.some((s) => retr.data.toString('latin1').includes(s))) breaches.push(`RETR ${shown(candidate)} sent a file from outside the root`);
        const listing = await download(control, `LIST ${candidate}`);
        if (listsOutside(listing.data, tag)) breaches.push(`LIST ${shown(candidate)} listed outside the root: ${shown(listing.data.toString('latin1'))}`);
        const size = await control.command(`SIZE ${candidate}`);
        if (size.code === 213) breaches.push(`SIZE ${shown(candidate)} -> ${shown(size.lines.join(' '))}`);
        const folder = candidate.replace(/[^/\\]*$/, '');
        if ((await control.command(`CWD ${folder}`)).code === 250) {
          const inside = await download(control, 'NLST');
          if (listsOutside(inside.data, tag)) breaches.push(`CWD ${shown(folder)} entered a folder outside the root: ${shown(inside.data.toString('latin1'))}`);
        }
        await control.command('CWD /');
        await upload(control, `STOR ${candidate}-${tag}`, Buffer.from('written from the traversal corpus\n'));
      } catch {
        // The server may hang up on a hostile path; that is a refusal. Log in again for the next.
        unanswered += 1;
        control?.connection.close();
        control = undefined;
        session.dispose();
        session = io(server.endpoint);
      }
    }
    // Written files must all be inside alice's home: look in the server's own copies, the work tree and the usual places.
    const serverRoots = (await readdir(os.tmpdir())).filter((name) => name.startsWith('rfcheck-ftp-')).map((name): [string, boolean] => [path.join(os.tmpdir(), name), true]);
    for (const stray of await strayWrites([...serverRoots, [work, true], ['/etc', false], [os.tmpdir(), false], ['/', false]], tag)) breaches.push(`STOR put a file outside the root: ${stray}`);
    const bob = await FtpControl.loggedIn(session, { user: 'bob', pass: 'builder' });
    const bobFiles = (await download(bob, 'NLST')).data.toString('latin1');
    if (bobFiles !== 'secret.txt\r\n') breaches.push(`bob's root changed: ${shown(bobFiles)}`);
  } finally {
    session.dispose();
    await server.close();
  }
  return row('ftp: user-root traversal', paths.length, breaches, unanswered);
}
