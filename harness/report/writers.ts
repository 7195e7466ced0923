import { toGradescope } from './gradescope.ts';
import { toHtml } from './html.ts';
import { toJson } from './json.ts';
import { toJunit } from './junit.ts';
import { toMarkdown } from './markdown.ts';
import type { Report } from './model.ts';

/** Every report format, by the name of its flag (`--json FILE`, `--junit FILE`, …). */
export const reportWriters: Record<'json' | 'junit' | 'md' | 'html' | 'gradescope', (report: Report) => string> = {
  json: toJson,
  junit: toJunit,
  md: toMarkdown,
  html: toHtml,
  gradescope: (report) => toGradescope(report),
};
