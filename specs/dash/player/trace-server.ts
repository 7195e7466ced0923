import net from 'node:net';
import { systemClock } from '../../../harness/perf/clock.ts';
import { TokenBucket } from '../../../harness/perf/token-bucket.ts';
import { initPath, mediaPath, scenarioMpd, scenarioPresentation } from './presentation.ts';
import { type PlayerScenario, mediaBytes, phaseOf, segmentCount } from './scenario.ts';

/**
 * The HTTP/1.1 server the dash-player suite plays: it serves one scenario's MPD, initialization
 * and media segments through its bandwidth trace (one serializing token bucket per phase, shared
 * by every connection, like an access link), and logs every request with its timing. It is
 * lenient on purpose: a request it can place (a segment URL with the wrong zero padding, a
 * missing Host) is still served, so one mistake of a player shows in the one rule about it and
 * does not derail the rest of the session.
 */

export type RequestKind = 'mpd' | 'init' | 'media' | 'past-end' | 'unknown';

export interface LoggedRequest {
  /** Which connection (1, 2, …, in accept order) carried it. */
  connection: number;
  /** Position among the connection's requests (0 = first). */
  onConnection: number;
  method: string;
  target: string;
  version: string;
  host: string | undefined;
  kind: RequestKind;
  /** Rung of an init or media segment. */
  rung?: number;
  /** Segment number of a media (or past-end) request. */
  number?: number;
  /** The URL exactly as template substitution gives it (for init, media, past-end). */
  expectedTarget?: string;
  status: number;
  bytes: number;
  /** When the request head had arrived (ms, session clock). */
  at: number;
  /** When the last byte of the response left the emulated link; undefined if never. */
  done?: number;
}

interface Place {
  kind: RequestKind;
  rung?: number;
  number?: number;
  exact: string;
}

const maxHeadBytes = 16 * 1024;
/** How far past the last segment the server recognises numbers (and answers 404). */
const pastEndWindow = 5;

export class TraceServer {
  readonly log: LoggedRequest[] = [];
  readonly startedAt = performance.now();
  private readonly buckets: TokenBucket[];
  private readonly places = new Map<string, Place>();
  private readonly sockets = new Set<net.Socket>();
  private connections = 0;
  private lastPhase = 0;
  private closed = false;

  private constructor(
    private readonly server: net.Server,
    readonly scenario: PlayerScenario,
    readonly basePath: string,
    private readonly idleTimeoutMs: number,
  ) {
    this.buckets = scenario.phases.map((phase) => new TokenBucket(phase.rateBitsPerSecond));
    const presentation = scenarioPresentation(scenario);
    const { startNumber } = scenario.addressing;
    this.places.set(loose(`${basePath}manifest.mpd`), { kind: 'mpd', exact: `${basePath}manifest.mpd` });
    const count = segmentCount(scenario);
    scenario.ladder.forEach((_bandwidth, rung) => {
      const init = basePath + initPath(presentation, rung);
      this.places.set(loose(init), { kind: 'init', rung, exact: init });
      for (let i = 0; i < count + pastEndWindow; i++) {
        const number = startNumber + i;
        const url = basePath + mediaPath(presentation, rung, number);
        this.places.set(loose(url), { kind: i < count ? 'media' : 'past-end', rung, number, exact: url });
      }
    });
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(scenario: PlayerScenario, basePath: string, idleTimeoutMs: number): Promise<TraceServer> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new TraceServer(server, scenario, basePath, idleTimeoutMs);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get mpdUrl(): string {
    return `http://127.0.0.1:${this.port}${this.basePath}manifest.mpd`;
  }

  now(): number {
    return performance.now() - this.startedAt;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    const connection = ++this.connections;
    let buffered = Buffer.alloc(0);
    let served = 0;
    let busy = false;
    socket.setNoDelay(true);
    socket.setTimeout(this.idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    const pump = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        for (;;) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buffered.length > maxHeadBytes) socket.destroy();
            return;
          }
          const head = buffered.subarray(0, end).toString('latin1');
          buffered = buffered.subarray(end + 4);
          const keepOpen = await this.answer(socket, head, connection, served++);
          if (!keepOpen) {
            socket.end();
            return;
          }
        }
      } finally {
        busy = false;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      void pump();
    });
  }

  /** Answers one request; returns whether the connection stays open. */
  private async answer(socket: net.Socket, head: string, connection: number, onConnection: number): Promise<boolean> {
    const at = this.now();
    const [requestLine = '', ...fieldLines] = head.split('\r\n');
    const [method = '', target = '', version = ''] = requestLine.split(' ');
    const fields = new Map<string, string>();
    for (const line of fieldLines) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const path = target.replace(/^https?:\/\/[^/]*/i, '').split('?')[0] ?? '';
    const place = this.places.get(loose(path));
    const entry: LoggedRequest = {
      connection,
      onConnection,
      method,
      target,
      version,
      host: fields.get('host'),
      kind: place?.kind ?? 'unknown',
      status: 0,
      bytes: 0,
      at,
    };
    if (place?.rung !== undefined) entry.rung = place.rung;
    if (place?.number !== undefined) entry.number = place.number;
    if (place && place.kind !== 'mpd') entry.expectedTarget = place.exact;
    this.log.push(entry);

    const body = this.bodyFor(place);
    const close = version !== 'HTTP/1.1' || /\bclose\b/i.test(fields.get('connection') ?? '');
    const status = method !== 'GET' ? 405 : body ? 200 : 404;
    const payload = body ?? Buffer.from(status === 405 ? 'method not allowed\n' : 'not found\n');
    entry.status = status;
    entry.bytes = payload.length;
    const type = place?.kind === 'mpd' ? 'application/dash+xml' : status === 200 ? 'video/mp4' : 'text/plain';
    const header = `HTTP/1.1 ${status} ${status === 200 ? 'OK' : status === 404 ? 'Not Found' : 'Method Not Allowed'}\r\nContent-Type: ${type}\r\nContent-Length: ${payload.length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
    if (socket.destroyed) return false;
    socket.write(header);
    const phase = place?.kind === 'media' ? phaseOf(this.scenario, (place.number as number) - this.scenario.addressing.startNumber) : this.lastPhase;
    if (place?.kind === 'media') this.lastPhase = phase;
    const delivered = await this.shape(socket, payload, phase);
    if (delivered) entry.done = this.now();
    return delivered && !close;
  }

  private bodyFor(place: Place | undefined): Buffer | undefined {
    if (!place || place.kind === 'unknown' || place.kind === 'past-end') return undefined;
    if (place.kind === 'mpd') return Buffer.from(scenarioMpd(this.scenario));
    if (place.kind === 'init') return segmentBytes(600, `init ${place.rung ?? 0}`);
    return segmentBytes(mediaBytes(this.scenario, place.rung ?? 0), `media ${place.rung ?? 0} ${place.number ?? 0}`);
  }

  /**
   * Writes `payload` at the phase's link rate. The departure of every chunk is fixed when the
   * response starts (its bytes join the link's queue at once), so a timer that fires late
   * delays one chunk, not every chunk after it.
   */
  private async shape(socket: net.Socket, payload: Buffer, phase: number): Promise<boolean> {
    const bucket = this.buckets[phase] as TokenBucket;
    const rate = this.scenario.phases[phase]?.rateBitsPerSecond ?? 1e6;
    const chunkBytes = Math.max(1460, Math.round(rate / 8 / 100));
    const now = systemClock.now();
    const chunks: { bytes: Buffer; departure: number }[] = [];
    for (let offset = 0; offset < payload.length; offset += chunkBytes) {
      const bytes = payload.subarray(offset, offset + chunkBytes);
      chunks.push({ bytes, departure: bucket.departure(bytes.length, now) });
    }
    for (const chunk of chunks) {
      await new Promise<void>((resolve) => systemClock.at(chunk.departure, resolve));
      if (socket.destroyed || this.closed) return false;
      socket.write(chunk.bytes);
    }
    return true;
  }
}

/** A URL path with every digit run read as a number, so `seg-7` and `seg-00007` meet. */
function loose(path: string): string {
  return path.replace(/\d+/g, (digits) => String(Number(digits)));
}

/** Segment content: a label, then filler; the bytes mean nothing, their count does. */
function segmentBytes(length: number, label: string): Buffer {
  const bytes = Buffer.alloc(length, 0x2e);
  bytes.write(label.slice(0, length), 0, 'latin1');
  return bytes;
}
