import { Flag, FrameType, connectionPreface, decodeFrameHeader, encodeFrame, frameHeaderLength, frames } from '../../specs/http2/frame.ts';
import { HpackEncoder } from '../../specs/http2/hpack/encoder.ts';
import type { HeaderField } from '../../specs/http2/hpack/static-table.ts';
import type { FrameRelay } from './frame-relay.ts';
import { RelayedSocket, type SocketLike } from './relayed-socket.ts';

/** Fields of an HTTP/1.1 request that do not carry over into HTTP/2 (RFC 9113 §8.2.2, RFC 7540 §3.2). */
const hopByHop = new Set(['connection', 'upgrade', 'http2-settings', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'host', 'te']);

/** The request sent before the upgrade, as the HTTP/2 fields of stream 1. */
export function upgradedRequestFields(method: string, target: string, rawHeaders: string[]): HeaderField[] {
  const fields: HeaderField[] = [[':method', method], [':scheme', 'http'], [':path', target]];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === 'host') fields.splice(2, 0, [':authority', value]);
    else if (!hopByHop.has(name)) fields.push([name, value]);
  }
  return fields;
}

/** A client SETTINGS frame longer than this is not waited for: nghttp2 refuses it as it stands. */
const largestPrefaceSettings = 16_384;

/** Decodes an HTTP2-Settings value (base64url of a SETTINGS payload); undefined if it is not one. */
export function decodeHttp2Settings(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return undefined;
  const payload = Buffer.from(value, 'base64url');
  return payload.length % 6 === 0 ? payload : undefined;
}

/**
 * The socket of an upgraded connection as node:http2 must see it. node:http2 cannot adopt a
 * connection mid-way (nghttp2's upgrade call is not exposed), so this stream replays the upgrade
 * as prior knowledge: after the client's magic it folds the HTTP2-Settings values in front of the
 * client's first SETTINGS (the client's own values come later and win, and one ACK answers
 * both), then inserts the original request as a HEADERS frame on stream 1 that ends the stream —
 * exactly the state RFC 7540 §3.2 describes. Bytes after that pass through untouched.
 */
export function upgradedStream(socket: SocketLike, head: Buffer, settings: Buffer, request: HeaderField[], relay: FrameRelay): RelayedSocket {
  let pending: Buffer = Buffer.alloc(0);
  let rewritten = false;
  const rewrite = (chunk: Buffer): Buffer => {
    if (rewritten) return chunk;
    pending = Buffer.concat([pending, chunk]);
    const prefaceEnd = connectionPreface.length;
    if (pending.length < prefaceEnd + frameHeaderLength) return Buffer.alloc(0);
    const header = decodeFrameHeader(pending.subarray(prefaceEnd, prefaceEnd + frameHeaderLength));
    const frameEnd = prefaceEnd + frameHeaderLength + header.length;
    const isPreface = pending.subarray(0, prefaceEnd).equals(connectionPreface) && header.type === FrameType.SETTINGS && (header.flags & Flag.ACK) === 0;
    if (!isPreface) {
      // Not a valid preface: let nghttp2 see it as it is and refuse it.
      rewritten = true;
      return pending;
    }
    if (pending.length < frameEnd && header.length <= largestPrefaceSettings) return Buffer.alloc(0);
    rewritten = true;
    if (header.length > largestPrefaceSettings) return pending;
    const clientSettings = pending.subarray(prefaceEnd + frameHeaderLength, frameEnd);
    const merged = encodeFrame({ ...frames.settings([]), payload: Buffer.concat([settings, clientSettings]) });
    const block = new HpackEncoder().encode(request, { indexing: 'without', useIndex: true });
    const stream1 = encodeFrame(frames.headers(1, block, { endStream: true }));
    return Buffer.concat([connectionPreface, merged, stream1, pending.subarray(frameEnd)]);
  };
  return new RelayedSocket(socket, head, rewrite, relay);
}
