import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.ts';
import { loadSuites } from '../../core/catalogue.ts';
import { applyGate, gateFrom } from '../../gate/baseline-gate.ts';
import { mergeReports } from '../../gate/merge-reports.ts';
import { exitCodeFor } from '../../report/exit-code.ts';
import { parseReport } from '../../report/json.ts';
import { terminalSummary } from '../../report/terminal.ts';
import { gateFlags, parseFlags, reportFlags } from '../flags.ts';
import { writeReports } from './run.ts';

/**
 * `rfcheck merge a.json b.json … --json all.json [--junit F] [--md F] [--html F]
 * [--gradescope F] [--strict] [--baseline F --fail-on regression]`: joins shard reports; exits as
 * a run of the whole would, or as the regression gate says.
 */
export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...reportFlags, ...gateFlags, strict: { type: 'boolean' }, quiet: { type: 'boolean' } });
  const gate = await gateFrom(values);
  if (positionals.length === 0) throw new UsageError('merge takes report files: rfcheck merge shard-1.json shard-2.json --json all.json');
  const reports = [];
  for (const file of positionals) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    reports.push({ file, report: parseReport(text, file) });
  }
  const suites = await loadSuites();
  const merged = mergeReports(reports, (name) => suites.find((s) => s.name === name)?.rules.map((r) => r.id) ?? []);
  await writeReports(merged, values);
  process.stdout.write(terminalSummary(merged));
  return gate ? applyGate(gate, merged, values.strict ?? false) : exitCodeFor(merged.suites, values.strict ?? false);
}
