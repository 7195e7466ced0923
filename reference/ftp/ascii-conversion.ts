import { Transform, type TransformCallback } from 'node:stream';

/**
 * TYPE A: on the wire every line ends in CRLF (NVT-ASCII); on this server's disk a line ends
 * in LF. Both transforms work on a stream, carrying the one byte that may straddle chunks.
 */

const cr = 0x0d;
const lf = 0x0a;

/** Disk → wire: an LF not already preceded by CR becomes CRLF. */
export function toNetworkAscii(): Transform {
  let previous = -1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const out: number[] = [];
      for (const byte of chunk) {
        if (byte === lf && previous !== cr) out.push(cr);
        out.push(byte);
        previous = byte;
      }
      done(null, Buffer.from(out));
    },
  });
}

/** Wire → disk: CRLF becomes LF; a CR not followed by LF is kept as it is. */
export function fromNetworkAscii(): Transform {
  let heldCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const out: number[] = [];
      for (const byte of chunk) {
        if (heldCr && byte !== lf) out.push(cr);
        heldCr = byte === cr;
        if (!heldCr) out.push(byte);
      }
      done(null, Buffer.from(out));
    },
    flush(done: TransformCallback) {
      done(null, heldCr ? Buffer.from([cr]) : Buffer.alloc(0));
    },
  });
}
