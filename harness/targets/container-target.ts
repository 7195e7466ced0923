import { UsageError, errorMessage } from '../core/errors.ts';
import type { Suite } from '../core/suite.ts';
import { formatEndpoint } from '../wire/limits.ts';
import { findFreePort } from './free-port.ts';
import { isListening } from './listening-ports.ts';
import { OutputTail } from './output-tail.ts';
import type { ActiveTarget, TargetStartOptions } from './start-target.ts';

export interface ContainerSpec {
  image: string;
  /** Command run in the container instead of the image's own; {port} is substituted. */
  command?: string;
}

/**
 * A target in a container, through testcontainers: host networking (the server listens on a
 * loopback port rfcheck picks, passed as {port} in the command and as $PORT), ready when that
 * port listens, its logs kept as a tail for the report, removed afterwards. Without a reachable
 * Docker engine this is a usage error (exit 2), with the engine's complaint in one line.
 */
export async function startContainer(suite: Suite, spec: ContainerSpec, options: TargetStartOptions): Promise<ActiveTarget> {
  // Known-good settings for an engine without a bridge network and without a registry (Ryuk,
  // the reaper container, would need pulling); rfcheck removes its own container instead.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  const { GenericContainer } = await import('testcontainers');
  const port = await findFreePort();
  let definition = new GenericContainer(spec.image)
    .withNetworkMode('host')
    .withEnvironment({ PORT: String(port) })
    .withStartupTimeout(options.startTimeoutMs);
  if (spec.command !== undefined) definition = definition.withCommand(['/bin/sh', '-c', spec.command.replaceAll('{port}', String(port))]);

  let container;
  try {
    container = await definition.start();
  } catch (error) {
    throw new UsageError(`--container ${spec.image}: ${firstLine(errorMessage(error))}`);
  }
  const log = new OutputTail();
  const stream = await container.logs();
  stream.on('data', (chunk: Buffer | string) => log.push(Buffer.from(chunk)));
  stream.on('error', () => {});
  const endpoint = { host: '127.0.0.1', port };
  const stop = async (): Promise<void> => {
    stream.destroy();
    await container.stop({ remove: true, timeout: 1000 }).catch(() => undefined);
  };

  const deadline = Date.now() + options.startTimeoutMs;
  while (!(await isListening(port, suite.transport))) {
    if (Date.now() >= deadline) {
      await stop();
      const last = log.lastLine;
      throw new UsageError(`the container ${spec.image} did not listen (${suite.transport}) on ${formatEndpoint(endpoint)} within ${options.startTimeoutMs} ms${last ? `: ${last}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint, endpoints: {}, log: () => log.toString(), exitStatus: () => undefined, close: stop };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
