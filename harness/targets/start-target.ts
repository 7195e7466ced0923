import { TargetUnreachable, UsageError } from '../core/errors.ts';
import type { SuiteOptions } from '../core/rule.ts';
import type { Suite } from '../core/suite.ts';
import { type Endpoint, type WireLimits, formatEndpoint } from '../wire/limits.ts';
import { TcpConnection } from '../wire/tcp-connection.ts';
import { startContainer } from './container-target.ts';
import { findFreePort } from './free-port.ts';
import { isListening, procNetAvailable } from './listening-ports.ts';
import { SpawnedProcess } from './spawned-process.ts';
import type { TargetSpec } from './target-spec.ts';

/** A target ready to receive a suite's rules. */
export interface ActiveTarget {
  endpoint: Endpoint;
  endpoints: Record<string, Endpoint>;
  /** Output a spawned target printed (bounded tail), for the report. */
  log(): string | undefined;
  /** undefined while the target runs; for a spawned one, how it ended. */
  exitStatus(): string | undefined;
  /** For a spawned target: the pid of its shell, which leads its process group. */
  processId?(): number | undefined;
  close(): Promise<void>;
}

export interface TargetStartOptions {
  fixturesDir: string;
  /** The run's target-data options, handed to an in-process reference (ServerStartOptions). */
  suiteOptions?: SuiteOptions;
  /** How long a spawned program may take to start listening. */
  startTimeoutMs: number;
  limits: WireLimits;
}

export async function startTarget(suite: Suite, spec: TargetSpec, options: TargetStartOptions): Promise<ActiveTarget> {
  switch (spec.kind) {
    case 'reference':
      return startReference(suite, options);
    case 'address':
      if (suite.transport === 'tcp') await probeTcp(spec.endpoint, options.limits);
      return fixedTarget(spec.endpoint);
    case 'spawn':
      return startSpawned(suite, spec, options);
    case 'container':
      return startContainer(suite, spec, options);
  }
}

async function startReference(suite: Suite, options: TargetStartOptions): Promise<ActiveTarget> {
  const server = await suite.reference.start({ host: '127.0.0.1', port: 0, fixturesDir: options.fixturesDir, suiteOptions: options.suiteOptions });
  return {
    endpoint: server.endpoint,
    endpoints: server.endpoints ?? {},
    log: () => undefined,
    exitStatus: () => undefined,
    close: () => server.close(),
  };
}

function fixedTarget(endpoint: Endpoint): ActiveTarget {
  return { endpoint, endpoints: {}, log: () => undefined, exitStatus: () => undefined, close: async () => {} };
}

async function probeTcp(endpoint: Endpoint, limits: WireLimits): Promise<void> {
  const connection = await TcpConnection.open(endpoint, { limits });
  connection.close();
}

/** Substitutes {port}, {host} and {fixtures} in a spawn command. */
export function expandSpawnCommand(command: string, values: { port: number; host: string; fixturesDir: string }): string {
  return command
    .replaceAll('{port}', String(values.port))
    .replaceAll('{host}', values.host)
    .replaceAll('{fixtures}', values.fixturesDir);
}

async function startSpawned(suite: Suite, spec: Extract<TargetSpec, { kind: 'spawn' }>, options: TargetStartOptions): Promise<ActiveTarget> {
  const { command } = spec;
  if (!command.includes('{port}')) {
    throw new UsageError(`--spawn command must contain {port}, where rfcheck puts the port the server must listen on`);
  }
  const host = '127.0.0.1';
  const port = await findFreePort(host);
  const expanded = expandSpawnCommand(command, { port, host, fixturesDir: options.fixturesDir });
  const child = SpawnedProcess.start(expanded, {
    cwd: spec.cwd,
    env: spec.sandbox?.env,
    wrapper: spec.sandbox?.wrapper,
    outputCap: spec.sandbox?.outputCapBytes,
  });
  const endpoint = { host, port };
  let endpoints: Record<string, Endpoint> = {};
  try {
    const deadline = Date.now() + options.startTimeoutMs;
    await waitUntilListening(child, endpoint, suite.transport, options.startTimeoutMs);
    if (spec.announcedEndpoints) endpoints = await waitForAnnouncement(child, spec.announcedEndpoints, deadline);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    endpoint,
    endpoints,
    log: () => child.output.toString(),
    exitStatus: () => child.status,
    processId: () => child.pid,
    close: () => child.stop(),
  };
}

async function waitUntilListening(child: SpawnedProcess, endpoint: Endpoint, transport: 'tcp' | 'udp', timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const useProc = await procNetAvailable();
  // Without the kernel's socket tables a UDP bind cannot be seen: give the program a moment.
  const blindUdp = !useProc && transport === 'udp';
  const blindUntil = Date.now() + Math.min(1000, timeoutMs);
  for (;;) {
    if (child.status !== undefined) {
      const last = child.output.lastLine;
      throw new TargetUnreachable(
        `the spawned server ${child.status} before listening on ${formatEndpoint(endpoint)}${last ? `: ${last}` : ''}`,
      );
    }
    if (blindUdp ? Date.now() >= blindUntil : useProc ? await isListening(endpoint.port, transport) : await connects(endpoint)) return;
    if (Date.now() >= deadline) {
      throw new TargetUnreachable(`the spawned server did not listen (${transport}) on ${formatEndpoint(endpoint)} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The named endpoints a spawned program prints once it listens (its main port is already up). */
async function waitForAnnouncement(child: SpawnedProcess, read: (output: string) => Record<string, Endpoint> | undefined, deadline: number): Promise<Record<string, Endpoint>> {
  for (;;) {
    const endpoints = read(child.output.toString());
    if (endpoints) return endpoints;
    if (child.status !== undefined) throw new TargetUnreachable(`the spawned server ${child.status} before printing its endpoints`);
    if (Date.now() >= deadline) throw new TargetUnreachable('the spawned server listens but did not print its endpoints in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function connects(endpoint: Endpoint): Promise<boolean> {
  try {
    const connection = await TcpConnection.open(endpoint, { limits: { readTimeoutMs: 500 } });
    connection.close();
    return true;
  } catch {
    return false;
  }
}
