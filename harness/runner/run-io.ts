import { RuleNotApplicable } from '../core/errors.ts';
import type { SuiteOptions } from '../core/rule.ts';
import type { Endpoint, WireLimits } from '../wire/limits.ts';
import { TcpConnection } from '../wire/tcp-connection.ts';
import { Transcript } from '../wire/transcript.ts';
import { UdpSocket } from '../wire/udp-socket.ts';

/**
 * What one run of a rule's check works with: the target's endpoints, connections that record
 * into this run's transcript and are closed when the run ends, and a list of steps.
 */
export class RunIO {
  readonly transcript = new Transcript();
  readonly steps: string[] = [];
  private readonly open: { close(): void }[] = [];

  constructor(
    readonly target: Endpoint,
    readonly endpoints: Readonly<Record<string, Endpoint>>,
    readonly options: SuiteOptions,
    readonly limits: WireLimits,
    readonly signal: AbortSignal,
  ) {}

  /** Opens a TCP connection (to the target unless told otherwise), closed when the run ends. */
  async tcp(endpoint: Endpoint = this.target): Promise<TcpConnection> {
    const connection = await TcpConnection.open(endpoint, { limits: this.limits, transcript: this.transcript, signal: this.signal });
    this.open.push(connection);
    return connection;
  }

  /**
   * Opens a UDP socket of the target's address family, closed when the run ends; `bindHost`
   * sends from another local address (a client elsewhere in 127.0.0.0/8).
   */
  async udp(endpoint: Endpoint = this.target, options: { bindHost?: string } = {}): Promise<UdpSocket> {
    const socket = await UdpSocket.forEndpoint(endpoint, { ...options, limits: this.limits, transcript: this.transcript, signal: this.signal });
    this.open.push(socket);
    return socket;
  }

  /** A named endpoint of the target (e.g. 'smtp'); not applicable when the target has none. */
  endpoint(name: string): Endpoint {
    const found = this.endpoints[name];
    if (!found) this.notApplicable(`the target has no '${name}' endpoint`);
    return found;
  }

  /** Records what the harness did, in words a student can repeat by hand. */
  step(text: string): void {
    this.steps.push(text);
  }

  /**
   * Ends this run as not applicable: the target lacks the capability or fixture the rule is
   * about. A rule none of whose runs applied is reported as `skip`.
   */
  notApplicable(reason: string): never {
    throw new RuleNotApplicable(reason);
  }

  dispose(): void {
    for (const resource of this.open.splice(0)) resource.close();
  }
}
