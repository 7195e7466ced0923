import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../harness/core/catalogue.ts';
import { UsageError, errorMessage } from '../harness/core/errors.ts';
import { integerFlag, parseFlags } from '../harness/cli/flags.ts';
import { checkBeforeLogin } from './security/before-login.ts';
import type { SecurityRow } from './security/corpus.ts';
import { checkDnsSpoofing } from './security/dns-spoofing.ts';
import { checkFtpBounce } from './security/ftp-bounce.ts';
import { checkFtpRoot } from './security/ftp-root.ts';
import { checkHttpDocroot } from './security/http-docroot.ts';
import { checkSmtpRelay } from './security/smtp-relay.ts';

/**
 * `npx tsx bench/security-report.ts [--dns-races N] [--json FILE]`: the references' security
 * claims, each tried against its reference with the corpora of fixtures/security, as one table
 * (area, attempts, breaches, verdict) written to reports/security.json. Exit 1 on any breach.
 * test/reference/security.test.ts runs the same checks and asserts zero breaches.
 */

export interface SecurityReport {
  startedAt: string;
  durationS: number;
  rows: SecurityRow[];
}

/** Races per kind of forgery in the DNS area (five kinds). */
export const defaultDnsRaces = 100;

export async function runSecurityChecks(options: { dnsRacesPerKind?: number; onRow?: (row: SecurityRow) => void } = {}): Promise<SecurityReport> {
  const started = Date.now();
  const work = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-security-'));
  const rows: SecurityRow[] = [];
  const checks: (() => Promise<SecurityRow>)[] = [
    () => checkHttpDocroot(work),
    () => checkFtpRoot(work),
    () => checkBeforeLogin('pop3'),
    () => checkBeforeLogin('imap'),
    () => checkBeforeLogin('ftp'),
    () => checkSmtpRelay(),
    () => checkFtpBounce(),
    () => checkDnsSpoofing(options.dnsRacesPerKind ?? defaultDnsRaces),
  ];
  try {
    for (const check of checks) {
      const result = await check();
      rows.push(result);
      options.onRow?.(result);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { startedAt: new Date(started).toISOString(), durationS: (Date.now() - started) / 1000, rows };
}

export function securityTableHeader(): string {
  return `${'area'.padEnd(44)} ${'attempts'.padStart(8)} ${'breaches'.padStart(8)}  verdict`;
}

export function securityTableLine(r: SecurityRow): string {
  const silent = r.unanswered > 0 ? `  (${r.unanswered} unanswered)` : '';
  return `${r.area.padEnd(44)} ${String(r.attempts).padStart(8)} ${String(r.breaches).padStart(8)}  ${r.verdict}${silent}${r.examples.map((e) => `\n    ${e}`).join('')}`;
}

/** Runs every check, prints the table as it goes, writes the JSON report; true when nothing was breached. */
export async function securityReportPart(dnsRacesPerKind = defaultDnsRaces, jsonPath = path.join(projectRoot, 'reports', 'security.json')): Promise<boolean> {
  process.stdout.write(`\nsecurity: the references against fixtures/security and forged DNS answers\n${securityTableHeader()}\n`);
  const report = await runSecurityChecks({ dnsRacesPerKind, onRow: (r) => process.stdout.write(`${securityTableLine(r)}\n`) });
  await mkdir(path.dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const breaches = report.rows.reduce((sum, r) => sum + r.breaches, 0);
  const attempts = report.rows.reduce((sum, r) => sum + r.attempts, 0);
  process.stdout.write(`${attempts} attempts, ${breaches} breaches in ${report.durationS.toFixed(0)} s; written ${path.relative(process.cwd(), jsonPath)}\n`);
  return report.rows.every((r) => r.verdict === 'pass');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { 'dns-races': { type: 'string' }, json: { type: 'string' } });
  const dnsRacesPerKind = integerFlag(values['dns-races'], 'dns-races', defaultDnsRaces, 1, 10_000);
  return (await securityReportPart(dnsRacesPerKind, values.json)) ? 0 : 1;
}

if (process.argv[1]?.endsWith('security-report.ts')) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`security-report: ${error instanceof UsageError ? error.message : `internal error: ${errorMessage(error)}`}\n`);
    process.exitCode = 2;
  }
}
