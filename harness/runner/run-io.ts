import { RuleNotApplicable, errorMessage } from '../core/errors.ts';
import type { SuiteOptions } from '../core/rule.ts';
import { type Endpoint, type WireLimits, formatEndpoint } from '../wire/limits.ts';
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
  /** Set by dispose: the run is over, and a socket a lingering check opens is closed at once. */
  private disposed = false;
  /** Sockets and idle connections kept for the next exchange of this run (reuse mode only). */
  private readonly kept = new Map<string, UdpSocket | TcpConnection>();
  /**
   * The run checks a batch of inputs (--batch): a rule's exchange helper may keep its socket or
   * its idle persistent connection for the next check, as a client would, instead of a new one.
   */
  readonly reuse: boolean;
  /** Request/answer exchanges completed in this run, as the suite's exchange helpers report them. */
  exchanges = 0;
  /** What the run's checks left on the target and `tidyUp` removes once they all passed. */
  private readonly tidyUps: { what: string; undo: () => Promise<void> }[] = [];

  constructor(
    readonly target: Endpoint,
    readonly endpoints: Readonly<Record<string, Endpoint>>,
    readonly options: SuiteOptions,
    readonly limits: WireLimits,
    readonly signal: AbortSignal,
    settings: { reuse?: boolean } = {},
  ) {
    this.reuse = settings.reuse ?? false;
  }

  /** Opens a TCP connection (to the target unless told otherwise), closed when the run ends. */
  async tcp(endpoint: Endpoint = this.target): Promise<TcpConnection> {
    return this.track(await TcpConnection.open(endpoint, { limits: this.limits, transcript: this.transcript, signal: this.signal }));
  }

  /**
   * Opens a UDP socket of the target's address family, closed when the run ends; `bindHost`
   * sends from another local address (a client elsewhere in 127.0.0.0/8).
   */
  async udp(endpoint: Endpoint = this.target, options: { bindHost?: string } = {}): Promise<UdpSocket> {
    return this.track(await UdpSocket.forEndpoint(endpoint, { ...options, limits: this.limits, transcript: this.transcript, signal: this.signal }));
  }

  /**
   * Closes with the run what was opened for it. A check still running after its run ended (the
   * seed corpus gives up on one at a deadline) gets its socket closed at once and an error, so
   * that nothing it opens outlives the run and keeps rfcheck from exiting.
   */
  private track<T extends { close(): void }>(resource: T): T {
    if (this.disposed) {
      resource.close();
      throw new Error('the run has ended: no connection may be opened for it');
    }
    this.open.push(resource);
    return resource;
  }

  /**
   * In reuse mode, the UDP socket this run already asks `endpoint` from (datagrams left unread
   * by earlier exchanges are dropped first); otherwise, and the first time, a new one.
   */
  async udpForExchange(endpoint: Endpoint = this.target): Promise<UdpSocket> {
    if (!this.reuse) return this.udp(endpoint);
    const key = `udp ${formatEndpoint(endpoint)}`;
    const kept = this.kept.get(key);
    if (kept instanceof UdpSocket && kept.isOpen) {
      kept.discardUnread();
      return kept;
    }
    const socket = await this.udp(endpoint);
    this.kept.set(key, socket);
    return socket;
  }

  /**
   * In reuse mode, the persistent connection an earlier exchange of this run handed back with
   * `keepIdle` (if the target has not closed it and sent nothing since); otherwise a new one.
   * `reused` tells which: a client may retry an idempotent request that a reused connection
   * lost before any of the answer came (RFC 9112 §9.3.1), never one on a new connection.
   */
  async tcpForExchange(endpoint: Endpoint = this.target): Promise<{ connection: TcpConnection; reused: boolean }> {
    const key = `tcp ${formatEndpoint(endpoint)}`;
    const kept = this.kept.get(key);
    this.kept.delete(key);
    if (kept instanceof TcpConnection && kept.isIdle) return { connection: kept, reused: true };
    return { connection: await this.tcp(endpoint), reused: false };
  }

  /** Offers a connection whose exchange is complete for the run's next exchange (reuse mode). */
  keepIdle(connection: TcpConnection, endpoint: Endpoint = this.target): void {
    if (this.reuse && connection.isIdle) this.kept.set(`tcp ${formatEndpoint(endpoint)}`, connection);
  }

  /** A named endpoint of the target (e.g. 'smtp'); not applicable when the target has none. */
  endpoint(name: string): Endpoint {
    const found = this.endpoints[name];
    if (!found) this.notApplicable(`the target has no '${name}' endpoint`);
    return found;
  }

  /** Counts one exchange (a query and its answer, a request and its response) the run completed. */
  exchanged(): void {
    this.exchanges += 1;
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

  /**
   * Registers work that removes what a check left on the target (an uploaded file, a scratch
   * directory), so that a server graded with thousands of runs does not fill up with them. It
   * is done only when every check of the run passed: a failing run's leftovers stay on the
   * target for the student to inspect beside the counterexample.
   */
  afterPass(what: string, undo: () => Promise<void>): void {
    this.tidyUps.push({ what, undo });
  }

  /**
   * Runs the registered tidy-ups, the latest first, after closing the run's connections (a
   * server that serves one client at a time must not be kept waiting by them). A tidy-up that
   * fails is a step, never a verdict: the run's checks have already been judged.
   */
  async tidyUp(): Promise<void> {
    if (this.tidyUps.length === 0) return;
    this.closeAll();
    for (const { what, undo } of this.tidyUps.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        this.step(`tidying up ${what} failed (${errorMessage(error)}); it stays on the target`);
      }
    }
  }

  /** Ends the run: closes everything opened for it, and anything opened for it later. */
  dispose(): void {
    this.disposed = true;
    this.closeAll();
  }

  private closeAll(): void {
    this.kept.clear();
    for (const resource of this.open.splice(0)) resource.close();
  }
}
