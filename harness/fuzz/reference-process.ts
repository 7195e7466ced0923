import path from 'node:path';
import { projectRoot } from '../core/catalogue.ts';
import type { TargetSpec } from '../targets/target-spec.ts';

/**
 * The suite's reference as a spawned process (`rfcheck serve`) rather than in-process: a crash
 * of the reference is then a finding instead of the end of rfcheck, its memory can be watched,
 * and it runs on its own core beside the fuzzer.
 */
export function spawnedReference(suiteName: string): TargetSpec {
  const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
  const loader = import.meta.resolve('tsx');
  const main = path.join(projectRoot, 'harness', 'cli', 'main.ts');
  return {
    kind: 'spawn',
    command: `${quote(process.execPath)} --import ${quote(loader)} ${quote(main)} serve ${quote(suiteName)} --port {port} --fixtures {fixtures}`,
  };
}
