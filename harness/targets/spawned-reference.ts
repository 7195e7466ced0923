import path from 'node:path';
import { projectRoot } from '../core/catalogue.ts';
import { type TargetSpec, parseEndpoint } from './target-spec.ts';
import type { Endpoint } from '../wire/limits.ts';

/**
 * The suite's reference as a spawned process (`rfcheck serve`) rather than in-process: for the
 * fuzzer, a crash of the reference is then a finding instead of the end of rfcheck and its
 * memory can be watched; for the bench, it runs on its own core, as a student's server would.
 * Its named extra endpoints (pop3's and imap's `smtp`) are read from the line `rfcheck serve`
 * prints once listening, so that the rules that need them can run (in the fuzzer's seed corpus).
 */
export function spawnedReference(suiteName: string): TargetSpec {
  const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
  const loader = import.meta.resolve('tsx');
  const main = path.join(projectRoot, 'harness', 'cli', 'main.ts');
  return {
    kind: 'spawn',
    command: `${quote(process.execPath)} --import ${quote(loader)} ${quote(main)} serve ${quote(suiteName)} --port {port} --fixtures {fixtures}`,
    announcedEndpoints: servedEndpoints,
  };
}

/**
 * The named endpoints in `rfcheck serve`'s first line
 * (`<suite> reference listening on HOST:PORT (tcp); smtp HOST:PORT, other HOST:PORT`);
 * undefined until that line has been printed whole.
 */
export function servedEndpoints(output: string): Record<string, Endpoint> | undefined {
  const line = /reference listening on \S+ \((?:tcp|udp)\)(?:;([^\n]*))?\n/.exec(output);
  if (!line) return undefined;
  const endpoints: Record<string, Endpoint> = {};
  for (const entry of (line[1] ?? '').split(',')) {
    const named = /^\s*(\S+) (\S+)\s*$/.exec(entry);
    if (named) endpoints[named[1] as string] = parseEndpoint(named[2] as string, `the ${named[1]} endpoint rfcheck serve printed`);
  }
  return endpoints;
}
