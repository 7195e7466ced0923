import net from 'node:net';
import { UsageError } from '../core/errors.ts';
import type { TargetDescription } from '../report/model.ts';
import { type Endpoint, formatEndpoint } from '../wire/limits.ts';

/** Where a suite's rules are sent: parsed from --target, --spawn or --container. */
export type TargetSpec =
  | { kind: 'reference' }
  | { kind: 'address'; endpoint: Endpoint }
  | {
      kind: 'spawn';
      command: string;
      cwd?: string;
      sandbox?: SpawnSandbox;
      /**
       * For a program that prints its named extra endpoints once listening (`rfcheck serve`):
       * reads them from its output so far, or undefined while they have not been printed.
       */
      announcedEndpoints?: (output: string) => Record<string, Endpoint> | undefined;
    }
  | { kind: 'container'; image: string; command?: string };

/** How a spawned program is confined (used by `rfcheck grade`): see targets/sandbox.ts. */
export interface SpawnSandbox {
  /** argv prefix that applies resource limits and drops privileges. */
  wrapper: string[];
  env: NodeJS.ProcessEnv;
  outputCapBytes: number;
}

/** Parses `host:port`, `[v6]:port`; the host must be a loopback or literal address or a name. */
export function parseEndpoint(text: string, flag = '--target'): Endpoint {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const plain = /^([^:[\]]+):(\d+)$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) throw new UsageError(`${flag} '${text}' is not host:port (write IPv6 as [::1]:port)`);
  const host = match[1] as string;
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${flag} '${text}': port must be 1-65535`);
  if (bracketed && !net.isIPv6(host)) throw new UsageError(`${flag} '${text}': '${host}' is not an IPv6 address`);
  return { host, port };
}

export function describeTarget(spec: TargetSpec): TargetDescription {
  switch (spec.kind) {
    case 'reference':
      return { kind: 'reference' };
    case 'address':
      return { kind: 'address', value: formatEndpoint(spec.endpoint) };
    case 'spawn':
      return spec.cwd ? { kind: 'spawn', value: spec.command, cwd: spec.cwd } : { kind: 'spawn', value: spec.command };
    case 'container':
      return spec.command !== undefined ? { kind: 'container', value: spec.image, command: spec.command } : { kind: 'container', value: spec.image };
  }
}

export function targetLabel(description: TargetDescription): string {
  if (description.kind === 'reference') return 'reference';
  if (description.kind === 'address') return description.value ?? '';
  return `${description.kind}: ${description.value ?? ''}`;
}

/** Rebuilds a target from a report's description (for `rfcheck replay`). */
export function targetFromDescription(description: TargetDescription): TargetSpec {
  switch (description.kind) {
    case 'reference':
      return { kind: 'reference' };
    case 'address':
      return { kind: 'address', endpoint: parseEndpoint(description.value ?? '', 'report target') };
    case 'spawn':
      return description.cwd ? { kind: 'spawn', command: description.value ?? '', cwd: description.cwd } : { kind: 'spawn', command: description.value ?? '' };
    case 'container':
      return description.command !== undefined
        ? { kind: 'container', image: description.value ?? '', command: description.command }
        : { kind: 'container', image: description.value ?? '' };
    default:
      throw new UsageError(`the report names an unknown target kind '${String((description as { kind: unknown }).kind)}'`);
  }
}


