import { expectThat } from '../../harness/core/expect.ts';
import { type Level, type RuleSpec, rule } from '../../harness/core/rule.ts';
import { type SiteFile, siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

/** A rule of the form "GET of a static file carries field X" (Content-Type, Last-Modified, ETag). */
export function fieldSentRule(spec: { slug: string; level: Level; title: string; field: string }): RuleSpec<SiteFile> {
  return rule({
    slug: spec.slug,
    level: spec.level,
    concurrent: true,
    title: spec.title,
    sends: 'GET of fixture files',
    input: siteFile,
    maxRuns: 5,
    check: async (io, file) => {
      const response = await exchange(io, { target: file.path });
      expectThat(fieldValue(response, spec.field) !== undefined, `GET ${file.path} has no ${spec.field}`, `a ${spec.field} field`, 'none');
    },
  });
}
