import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PerfScenario } from '../perf/perf-scenario.ts';
import { qualifyRuleIds } from './rule-ids.ts';
import type { Mutant, ServerFactory, Suite, SuiteSpec } from './suite.ts';

/**
 * Finds every suite: each folder under specs/ has an index.ts exporting `suites`, and each
 * folder under reference/ an index.ts exporting `servers` (suite name → server). Nothing in
 * harness/ names a protocol; a new protocol is a new folder in each.
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const specsDir = path.join(projectRoot, 'specs');
export const referenceDir = path.join(projectRoot, 'reference');
export const fixturesDir = path.join(projectRoot, 'fixtures');

let cache: Promise<Suite[]> | undefined;

export function loadSuites(): Promise<Suite[]> {
  cache ??= discover();
  return cache;
}

async function discover(): Promise<Suite[]> {
  const servers = new Map<string, ServerFactory>();
  for (const folder of await protocolFolders(referenceDir)) {
    const module = (await import(path.join(referenceDir, folder, 'index.ts'))) as { servers?: Record<string, ServerFactory> };
    if (typeof module.servers !== 'object') throw new Error(`reference/${folder}/index.ts does not export 'servers'`);
    for (const [name, factory] of Object.entries(module.servers)) servers.set(name, factory);
  }
  const suites: Suite[] = [];
  for (const folder of await protocolFolders(specsDir)) {
    const module = (await import(path.join(specsDir, folder, 'index.ts'))) as { suites?: SuiteSpec[] };
    if (!Array.isArray(module.suites)) throw new Error(`specs/${folder}/index.ts does not export 'suites'`);
    for (const spec of module.suites) {
      const reference = servers.get(spec.name);
      if (!reference) throw new Error(`suite '${spec.name}' has no reference server in reference/*/index.ts`);
      if (suites.some((s) => s.name === spec.name)) throw new Error(`two suites are named '${spec.name}'`);
      suites.push({ ...qualifyRuleIds(spec), reference });
    }
  }
  return suites.sort((a, b) => suiteOrder(a.name) - suiteOrder(b.name) || a.name.localeCompare(b.name));
}

/** The course's order: socket apps, the web, mail, DNS, FTP, peer-to-peer; unknown ones after. */
function suiteOrder(name: string): number {
  const order = [
    'echo-tcp', 'echo-udp', 'http', 'http-cache', 'http2', 'smtp', 'pop3', 'imap',
    'dns-auth', 'dns-resolver', 'ftp', 'bittorrent-tracker', 'bittorrent-peer', 'gnutella', 'dash',
  ];
  const index = order.indexOf(name);
  return index < 0 ? order.length : index;
}

/** A command a protocol adds to the CLI (e.g. `rfcheck lint-message`); returns the exit status. */
export type ProtocolCommand = { summary: string; run: (argv: string[]) => Promise<number> };

/** Commands exported as `commands` by specs/<protocol>/index.ts, by name. */
export async function loadProtocolCommands(): Promise<Map<string, ProtocolCommand>> {
  const found = new Map<string, ProtocolCommand>();
  for (const folder of await protocolFolders(specsDir)) {
    const module = (await import(path.join(specsDir, folder, 'index.ts'))) as { commands?: Record<string, ProtocolCommand> };
    for (const [name, command] of Object.entries(module.commands ?? {})) found.set(name, command);
  }
  return found;
}

/**
 * Perf scenarios a protocol adds: reference/<protocol>/perf-scenarios.ts, where present,
 * exports `perfScenarios: Record<string, PerfScenario>` (harness/perf/perf-scenario.ts).
 */
export async function loadProtocolPerfScenarios(): Promise<Map<string, PerfScenario>> {
  const found = new Map<string, PerfScenario>();
  for (const folder of await protocolFolders(referenceDir)) {
    const file = path.join(referenceDir, folder, 'perf-scenarios.ts');
    if (!(await exists(file))) continue;
    const module = (await import(file)) as { perfScenarios?: Record<string, PerfScenario> };
    if (typeof module.perfScenarios !== 'object') throw new Error(`reference/${folder}/perf-scenarios.ts does not export 'perfScenarios'`);
    for (const [name, scenario] of Object.entries(module.perfScenarios)) {
      if (found.has(name)) throw new Error(`two protocols add a perf scenario named '${name}'`);
      found.set(name, scenario);
    }
  }
  return found;
}

/** The planted-bug servers of every protocol: fixtures/<protocol>/mutants/index.ts exports `mutants`. */
export async function loadMutants(): Promise<Mutant[]> {
  const mutants: Mutant[] = [];
  for (const folder of await protocolFolders(fixturesDir)) {
    const index = path.join(fixturesDir, folder, 'mutants', 'index.ts');
    if (!(await exists(index))) continue;
    const module = (await import(index)) as { mutants?: Mutant[] };
    if (!Array.isArray(module.mutants)) throw new Error(`fixtures/${folder}/mutants/index.ts does not export 'mutants'`);
    mutants.push(...module.mutants);
  }
  return mutants;
}

async function protocolFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await exists(path.join(root, entry.name, 'index.ts')) || root === fixturesDir)) folders.push(entry.name);
  }
  return folders.sort();
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
