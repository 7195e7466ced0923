import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError, errorMessage } from '../../harness/core/errors.ts';
import { lintMessage } from './lint-message.ts';
import { type Finding, messageChecks } from './message-checks.ts';

/** Files larger than this are refused rather than read whole into memory. */
const maxMessageBytes = 64 * 1024 * 1024;

export const lintMessageUsage = 'usage: rfcheck lint-message FILE.eml… [--strict] [--json]';

function describe(file: string, finding: Finding): string {
  const check = messageChecks[finding.check];
  const where = finding.line === undefined ? file : `${file}:${finding.line}`;
  return `${where}: ${check.level.padEnd(6)} ${check.rfc} §${check.section} ${finding.check}: ${check.title} (${finding.detail})`;
}

/**
 * `rfcheck lint-message FILE…`: prints every finding; exit 0 when no MUST is broken (with
 * --strict, no SHOULD either), 1 otherwise, 2 for bad arguments or unreadable files.
 */
export async function lintMessageCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { strict: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${errorMessage(error).split('\n')[0] ?? ''} (${lintMessageUsage})`);
  }
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError(lintMessageUsage);
  const results: { file: string; findings: Finding[] }[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
    }
    if (bytes.length > maxMessageBytes) throw new UsageError(`${file} is larger than ${maxMessageBytes} octets`);
    results.push({ file, findings: lintMessage(bytes) });
  }
  const failing = (f: Finding): boolean => messageChecks[f.check].level === 'MUST' || (parsed.values.strict === true && messageChecks[f.check].level === 'SHOULD');
  if (parsed.values.json) {
    const json = results.map(({ file, findings }) => ({ file, findings: findings.map((f) => ({ ...f, ...messageChecks[f.check] })) }));
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const { file, findings } of results) {
      for (const finding of findings) process.stdout.write(`${describe(file, finding)}\n`);
      const must = findings.filter((f) => messageChecks[f.check].level === 'MUST').length;
      process.stdout.write(`${file}: ${findings.length === 0 ? 'conforms' : `${findings.length} finding(s), ${must} MUST`}\n`);
    }
  }
  return results.some((r) => r.findings.some(failing)) ? 1 : 0;
}
