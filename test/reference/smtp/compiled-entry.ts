import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../../harness/core/catalogue.ts';

/**
 * Transpiles an entry script and every project file it imports into plain JavaScript under
 * `outDir` (same relative layout), so that a test can start it many times with plain node: the
 * crash test restarts the SMTP reference hundreds of times, and loading tsx costs several times
 * the CPU of the server's own start. TypeScript (a dev dependency) does the transpiling.
 */
export async function compileEntry(entry: string, outDir: string): Promise<string> {
  const seen = new Set<string>();
  const queue = [path.resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    const output = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, rewriteRelativeImportExtensions: true, verbatimModuleSyntax: true },
    }).outputText;
    const target = path.join(outDir, path.relative(projectRoot, file)).replace(/\.ts$/, '.js');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, output);
    // Value imports and re-exports only: `import type` lines are erased by the transpiler and need no file.
    for (const match of source.matchAll(/^(?:import|export) (?!type )[^'"]*from '(\.[^']+\.ts)';$/gm)) {
      queue.push(path.resolve(path.dirname(file), match[1] as string));
    }
  }
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  return path.join(outDir, path.relative(projectRoot, entry)).replace(/\.ts$/, '.js');
}
