import { UsageError } from '../core/errors.ts';
import type { Report } from './model.ts';

export function toJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Reads a report written by rfcheck; anything else is a UsageError with one line. */
export function parseReport(text: string, file: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report = value as Partial<Report> | null;
  if (!report || typeof report !== 'object' || report.tool !== 'rfcheck' || !Array.isArray(report.suites)) {
    throw new UsageError(`${file} is not an rfcheck JSON report (no "tool": "rfcheck" with "suites")`);
  }
  for (const suite of report.suites) {
    if (!suite || typeof suite.suite !== 'string' || !Array.isArray(suite.rules) || typeof suite.seed !== 'number') {
      throw new UsageError(`${file} has a malformed suite entry`);
    }
  }
  return report as Report;
}
