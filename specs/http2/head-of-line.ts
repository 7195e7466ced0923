import http2 from 'node:http2';
import net from 'node:net';
import type { Endpoint } from '../../harness/wire/limits.ts';

/**
 * Head-of-line blocking, as in the course: one large object requested first, then several small
 * ones, over one connection. HTTP/1.1 pipelining must answer in order, so every small object
 * waits behind the large one; HTTP/2 interleaves the streams' DATA frames, so the small ones
 * arrive while the large one is still flowing. Times are from the moment the requests are sent
 * to the last octet of each object.
 */

export interface ObjectArrival {
  path: string;
  bytes: number;
  /** Milliseconds from sending the requests to the object's last octet. */
  doneMs: number;
}

export interface HeadOfLineLimits {
  /** The whole measurement's deadline. */
  timeoutMs: number;
  /** The most octets one object may have. */
  maxObjectBytes: number;
}

const withDeadline = <T>(work: Promise<T>, ms: number, what: string, cleanup: () => void): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
};

/** HTTP/1.1: all requests written at once on one keep-alive connection; responses parsed in order. */
export function http1Pipelined(endpoint: Endpoint, paths: string[], limits: HeadOfLineLimits): Promise<ObjectArrival[]> {
  const socket = net.connect({ ...endpoint, noDelay: true });
  const work = new Promise<ObjectArrival[]>((resolve, reject) => {
    const arrivals: ObjectArrival[] = [];
    let buffer = Buffer.alloc(0);
    let started = 0;
    let body: { length: number; path: string } | undefined;
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`the connection closed after ${arrivals.length} of ${paths.length} responses`)));
    socket.on('connect', () => {
      started = performance.now();
      socket.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: ${endpoint.host}\r\n\r\n`).join(''));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!body) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buffer.length > 16 * 1024) reject(new Error('response head over 16 KiB'));
            return;
          }
          const head = buffer.subarray(0, end).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
          if (!Number.isSafeInteger(length) || length > limits.maxObjectBytes) {
            reject(new Error(`response without a usable content-length: ${head.split('\r\n')[0]}`));
            return;
          }
          body = { length, path: paths[arrivals.length] ?? '?' };
          buffer = buffer.subarray(end + 4);
        }
        if (buffer.length < body.length) return;
        buffer = buffer.subarray(body.length);
        arrivals.push({ path: body.path, bytes: body.length, doneMs: performance.now() - started });
        body = undefined;
        if (arrivals.length === paths.length) {
          socket.removeAllListeners('close');
          resolve(arrivals);
          return;
        }
      }
    });
  });
  return withDeadline(work, limits.timeoutMs, 'the pipelined HTTP/1.1 exchange', () => socket.destroy()).finally(() => socket.destroy());
}

/** HTTP/2 (h2c, prior knowledge): one stream per object, all requested at once on one connection. */
export function http2Multiplexed(endpoint: Endpoint, paths: string[], limits: HeadOfLineLimits): Promise<ObjectArrival[]> {
  // Windows large enough that flow control never holds the server back: only the link does.
  const session = http2.connect(`http://${endpoint.host}:${endpoint.port}`, { settings: { initialWindowSize: 2 ** 31 - 1 } });
  const work = new Promise<ObjectArrival[]>((resolve, reject) => {
    session.on('error', reject);
    session.on('connect', () => {
      session.setLocalWindowSize(2 ** 31 - 1);
      const started = performance.now();
      const each = paths.map(
        (p) =>
          new Promise<ObjectArrival>((done, fail) => {
            const stream = session.request({ ':path': p });
            let bytes = 0;
            stream.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              if (bytes > limits.maxObjectBytes) stream.close(http2.constants.NGHTTP2_CANCEL);
            });
            stream.on('end', () => done({ path: p, bytes, doneMs: performance.now() - started }));
            stream.on('error', fail);
          }),
      );
      Promise.all(each).then(resolve, reject);
    });
  });
  return withDeadline(work, limits.timeoutMs, 'the HTTP/2 exchange', () => session.destroy()).finally(() => session.destroy());
}

/** The course's model of when each object is complete, over a link of round trip `rttMs` and rate `rateBps`. */
export function headOfLineModel(bytes: number[], rttMs: number, rateBps: number, interleaved: boolean, frameBytes = 16_384): number[] {
  const ms = (octets: number): number => (octets * 8 * 1000) / rateBps;
  const [large = 0, ...small] = bytes;
  if (!interleaved) {
    // In order: each object after everything requested before it.
    let sent = 0;
    return bytes.map((b) => rttMs + ms((sent += b)));
  }
  // Round robin over the streams: one frame of the large object, then each small one in turn.
  let sent = Math.min(frameBytes, large);
  const smallDone = small.map((b) => rttMs + ms((sent += b)));
  return [rttMs + ms(bytes.reduce((a, b) => a + b, 0)), ...smallDone];
}
