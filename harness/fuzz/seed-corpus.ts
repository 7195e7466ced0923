import { setMaxListeners } from 'node:events';
import fc from 'fast-check';
import type { Rule, SuiteOptions } from '../core/rule.ts';
import { RunIO } from '../runner/run-io.ts';
import type { RuleTarget } from '../runner/run-rule.ts';
import type { Endpoint, WireLimits } from '../wire/limits.ts';
import type { TcpConnection } from '../wire/tcp-connection.ts';
import type { UdpSocket } from '../wire/udp-socket.ts';
import type { Session } from './session.ts';

/**
 * The seed corpus: each rule's check, run on a few of its own generated inputs, with a RunIO
 * that records every write to the target's main endpoint. Recording at the write (rather than
 * parsing the transcript's `C:` rows back) keeps the exact write boundaries, is not cut by the
 * transcript's size cap or password redaction, and needs no change to the harness.
 */
class RecordingRunIO extends RunIO {
  readonly sessions: Session[] = [];

  override async tcp(endpoint: Endpoint = this.target): Promise<TcpConnection> {
    const connection = await super.tcp(endpoint);
    if (!sameEndpoint(endpoint, this.target)) return connection;
    const session: Session = { transport: 'tcp', chunks: [] };
    this.sessions.push(session);
    const write = connection.write.bind(connection);
    connection.write = (data) => {
      session.chunks.push(Buffer.from(typeof data === 'string' ? Buffer.from(data, 'latin1') : data));
      return write(data);
    };
    return connection;
  }

  override async udp(endpoint: Endpoint = this.target, options: { bindHost?: string } = {}): Promise<UdpSocket> {
    const socket = await super.udp(endpoint, options);
    const session: Session = { transport: 'udp', chunks: [] };
    this.sessions.push(session);
    const send = socket.send.bind(socket);
    socket.send = (data, to) => {
      if (sameEndpoint(to, this.target)) session.chunks.push(Buffer.from(typeof data === 'string' ? Buffer.from(data, 'latin1') : data));
      return send(data, to);
    };
    return socket;
  }
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.host === b.host && a.port === b.port;
}

export interface CorpusSettings {
  seed: number;
  /** Inputs drawn per rule. */
  runsPerRule: number;
  limits: WireLimits;
  /** Deadline of one check run. */
  runTimeoutMs: number;
}

/** Runs every rule a few times and keeps the non-empty sessions it sent, without duplicates. */
export async function collectSeedCorpus(rules: readonly Rule[], target: RuleTarget, options: SuiteOptions, settings: CorpusSettings): Promise<Session[]> {
  const corpus: Session[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    let inputs: unknown[];
    try {
      const arbitrary = typeof rule.input === 'function' ? rule.input({ options }) : rule.input;
      inputs = fc.sample(arbitrary, { seed: settings.seed, numRuns: settings.runsPerRule });
    } catch {
      continue;
    }
    for (const input of inputs) {
      for (const session of await recordOneRun(rule, input, target, options, settings)) {
        if (session.chunks.length === 0) continue;
        const key = `${session.transport}:${session.chunks.map((c) => c.toString('base64')).join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        corpus.push(session);
      }
    }
  }
  return corpus;
}

async function recordOneRun(rule: Rule, input: unknown, target: RuleTarget, options: SuiteOptions, settings: CorpusSettings): Promise<Session[]> {
  const abort = new AbortController();
  // A rule may open many connections in one run, each listening for the abort.
  setMaxListeners(0, abort.signal);
  const io = new RecordingRunIO(target.endpoint, target.endpoints, options, settings.limits, abort.signal);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, settings.runTimeoutMs);
  });
  // Whatever the check concludes (pass, violation, skip, unreachable), what it sent is a seed.
  await Promise.race([rule.check(io, input).catch(() => undefined), deadline]);
  clearTimeout(timer);
  abort.abort();
  io.dispose();
  return io.sessions;
}
