import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import type { ServerFactory } from '../../harness/core/suite.ts';
import { corpus, inBatches, onConnection, row, type SecurityRow, shown, startReference } from './corpus.ts';

/**
 * HTTP: no request-target of fixtures/security/http-traversal.txt reads a byte from outside the
 * docroot. The reference serves a copy of the fixture docroot inside `work`; secret files sit
 * at every level above it, and links planted inside the docroot point out of it (see
 * fixtures/security/README.md). A breach is a response that carries a secret's text or
 * /etc/passwd's.
 */

export const outsideSecret = 'rfcheck-secret-outside-the-root';
const passwdLine = 'root:x:0:0';

/** Builds the attacked tree; returns the fixtures folder to serve from. */
export async function plantHttpTree(work: string): Promise<string> {
  const fixtures = path.join(work, 'fixtures');
  const docroot = path.join(fixtures, 'http', 'docroot');
  await mkdir(path.dirname(docroot), { recursive: true });
  await cp(path.join(fixturesDir, 'http', 'docroot'), docroot, { recursive: true });
  for (const [level, folder] of [work, fixtures, path.join(fixtures, 'http')].entries()) {
    await writeFile(path.join(folder, 'secret.txt'), `${outsideSecret} (level ${3 - level} above the docroot)\n`);
  }
  await symlink('../secret.txt', path.join(docroot, 'link-out'));
  await symlink('..', path.join(docroot, 'dir-out'));
  await symlink('/etc', path.join(docroot, 'etc-link'));
  await symlink(path.join(work, 'secret.txt'), path.join(docroot, 'abs-link'));
  await symlink(path.join(work, 'missing-outside.txt'), path.join(docroot, 'dangling-out'));
  await symlink('.', path.join(docroot, 'docs', 'inside-link'));
  await symlink('docs', path.join(docroot, 'inside-link'));
  return fixtures;
}

export async function checkHttpDocroot(work: string, planted?: ServerFactory): Promise<SecurityRow> {
  const fixtures = await plantHttpTree(path.join(work, 'http'));
  const targets = await corpus('http-traversal.txt', path.join(work, 'http'));
  const server = await startReference('http', 'http', fixtures, planted);
  const breaches: string[] = [];
  let unanswered = 0;
  try {
    await inBatches(targets, 16, async (target) => {
      const answered = await onConnection(server.endpoint, async (connection) => {
        await connection.write(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'latin1'));
        const reply = (await connection.readToEnd()).toString('latin1');
        if (reply.includes(outsideSecret) || reply.includes(passwdLine)) breaches.push(`GET ${shown(target)} -> ${shown(reply.split('\r\n')[0] ?? '')} with a file from outside the docroot`);
      });
      if (!answered) unanswered += 1;
    });
  } finally {
    await server.close();
  }
  return row('http: docroot traversal', targets.length, breaches, unanswered);
}
