import { UsageError } from '../../core/errors.ts';
import { loadSuites } from '../../core/catalogue.ts';
import { parseFlags } from '../flags.ts';

/** `rfcheck list [suite]`: suites with their rule counts, or one suite's rules. */
export async function listCommand(argv: string[]): Promise<number> {
  const { positionals } = parseFlags(argv, {});
  const suites = await loadSuites();
  if (positionals.length === 0) {
    for (const suite of suites) {
      const must = suite.rules.filter((r) => r.level === 'MUST').length;
      process.stdout.write(`${suite.name.padEnd(18)} ${String(suite.rules.length).padStart(4)} rules (${must} MUST)  ${suite.title}\n`);
    }
    return 0;
  }
  for (const name of positionals) {
    const suite = suites.find((s) => s.name === name);
    if (!suite) throw new UsageError(`unknown suite '${name}' (known: ${suites.map((s) => s.name).join(', ')})`);
    process.stdout.write(`${suite.name}: ${suite.title}\n`);
    for (const rule of suite.rules) {
      process.stdout.write(`  ${rule.level.padEnd(6)} ${rule.id.padEnd(58)} ${rule.rfc} §${rule.section}\n          ${rule.title}\n`);
    }
  }
  return 0;
}
