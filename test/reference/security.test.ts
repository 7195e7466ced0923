import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mutant, ServerFactory } from '../../harness/core/suite.ts';
import { runSecurityChecks, securityTableHeader, securityTableLine } from '../../bench/security-report.ts';
import { checkBeforeLogin } from '../../bench/security/before-login.ts';
import type { SecurityRow } from '../../bench/security/corpus.ts';
import { checkDnsSpoofing } from '../../bench/security/dns-spoofing.ts';
import { checkFtpBounce } from '../../bench/security/ftp-bounce.ts';
import { checkFtpRoot } from '../../bench/security/ftp-root.ts';
import { checkHttpDocroot } from '../../bench/security/http-docroot.ts';
import { checkSmtpRelay } from '../../bench/security/smtp-relay.ts';
import { mutants as dnsMutants } from '../../fixtures/dns/mutants/index.ts';
import { mutants as ftpMutants } from '../../fixtures/ftp/mutants/index.ts';
import { mutants as httpMutants } from '../../fixtures/http/mutants/index.ts';
import { mutants as imapMutants } from '../../fixtures/imap/mutants/index.ts';
import { mutants as pop3Mutants } from '../../fixtures/pop3/mutants/index.ts';
import { mutants as smtpMutants } from '../../fixtures/smtp/mutants/index.ts';

/**
 * The security report (bench/security-report.ts) against the references: the same checks and
 * corpora, zero breaches everywhere. Then each check against a planted-bug server with the hole
 * it looks for, so that none of them is a check that cannot fail.
 */

const work = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-security-test-'));

function planted(list: Mutant[], suite: string, name: string): ServerFactory {
  const found = list.find((m) => m.suite === suite && m.name === name);
  if (!found) throw new Error(`no planted-bug server ${suite}/${name}`);
  return found.server;
}

describe('security report', () => {
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('finds no breach in any reference: traversal corpora, logins, relaying, FTP bounce, forged DNS answers', async () => {
    const report = await runSecurityChecks();
    process.stdout.write(`\n${securityTableHeader()}\n${report.rows.map(securityTableLine).join('\n')}\n`);
    const area = (prefix: string): SecurityRow | undefined => report.rows.find((r) => r.area.startsWith(prefix));
    expect(area('http: docroot')?.attempts).toBeGreaterThanOrEqual(100);
    expect(area('ftp: user-root')?.attempts).toBeGreaterThanOrEqual(100);
    expect(report.rows).toHaveLength(8);
    for (const row of report.rows) {
      expect(row.examples, row.area).toEqual([]);
      expect(row.breaches, row.area).toBe(0);
      expect(row.verdict, row.area).toBe('pass');
    }
  }, 900_000);

  const holes: [string, () => Promise<SecurityRow>][] = [
    ['http follows-dot-segments', () => checkHttpDocroot(path.join(work, 'http-planted'), planted(httpMutants, 'http', 'follows-dot-segments'))],
    ['ftp naive-path-join', () => checkFtpRoot(path.join(work, 'ftp-planted'), planted(ftpMutants, 'ftp', 'naive-path-join'))],
    ['pop3 stat-before-login', () => checkBeforeLogin('pop3', planted(pop3Mutants, 'pop3', 'stat-before-login'))],
    ['imap list-before-login', () => checkBeforeLogin('imap', planted(imapMutants, 'imap', 'list-before-login'))],
    ['ftp login-checked-only-for-transfers', () => checkBeforeLogin('ftp', planted(ftpMutants, 'ftp', 'login-checked-only-for-transfers'))],
    ['smtp open-relay', () => checkSmtpRelay(planted(smtpMutants, 'smtp', 'open-relay'))],
    ['ftp accepts-foreign-data-address', () => checkFtpBounce(planted(ftpMutants, 'ftp', 'accepts-foreign-data-address'))],
    ['dns-resolver accepts-any-id', () => checkDnsSpoofing(4, planted(dnsMutants, 'dns-resolver', 'accepts-any-id'))],
    ['dns-resolver accepts-any-question', () => checkDnsSpoofing(4, planted(dnsMutants, 'dns-resolver', 'accepts-any-question'))],
    ['dns-resolver accepts-any-source', () => checkDnsSpoofing(4, planted(dnsMutants, 'dns-resolver', 'accepts-any-source'))],
  ];

  it.each(holes)('reports breaches against a planted hole: %s', async (_name, check) => {
    const row = await check();
    process.stdout.write(`\nplanted: ${securityTableLine(row)}\n`);
    expect(row.breaches).toBeGreaterThan(0);
    expect(row.verdict).toBe('FAIL');
  }, 600_000);
});
