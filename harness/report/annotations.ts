import type { Report } from './model.ts';

/**
 * GitHub Actions workflow commands: one `::error` (MUST) or `::warning` (SHOULD/MAY) line per
 * rule that failed or could not be decided, so failures show as annotations on the job.
 */
export function githubAnnotations(report: Report): string {
  const lines: string[] = [];
  for (const suite of report.suites) {
    for (const rule of suite.rules) {
      if (rule.status !== 'fail' && rule.status !== 'error') continue;
      const kind = rule.level === 'MUST' ? 'error' : 'warning';
      const title = escapeProperty(`${rule.id} (${rule.level}, ${rule.rfc} §${rule.section})`);
      const replay = rule.counterexample ? ` — replay: ${rule.counterexample.replay}` : '';
      lines.push(`::${kind} title=${title}::${escapeData(`${rule.status}: ${rule.message ?? rule.title}${replay}`)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** The escapes GitHub's workflow-command parser expects in the message part. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Property values additionally escape ':' and ','. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
