import { createReadStream, createWriteStream } from 'node:fs';
import type net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fromNetworkAscii, toNetworkAscii } from './ascii-conversion.ts';

/**
 * Moving file bytes over a data connection in stream mode (RFC 959 §3.4.1): the sender closes
 * the connection to mark the end of the file. TYPE A converts line ends, TYPE I moves bytes
 * as they are. Every transfer stops when its signal aborts (ABOR, session end).
 */
export class UploadTooLarge extends Error {
  constructor(readonly capBytes: number) {
    super(`upload exceeds ${capBytes} bytes`);
    this.name = 'UploadTooLarge';
  }
}

export interface SendFile {
  local: string;
  start: number;
  ascii: boolean;
}

export async function sendFile(socket: net.Socket, file: SendFile, signal: AbortSignal): Promise<void> {
  const source = createReadStream(file.local, { start: file.start });
  if (file.ascii) await pipeline(source, toNetworkAscii(), socket, { signal });
  else await pipeline(source, socket, { signal });
}

export interface ReceiveFile {
  local: string;
  /** 'w' replaces, 'a' appends, 'r+' writes from `start` (after REST). */
  flags: 'w' | 'a' | 'r+';
  start: number;
  ascii: boolean;
  capBytes: number;
}

/** Writes the connection's bytes to a file; resolves once they are flushed to disk. */
export async function receiveFile(socket: net.Socket, file: ReceiveFile, signal: AbortSignal): Promise<void> {
  const sink = createWriteStream(file.local, { flags: file.flags, start: file.flags === 'r+' ? file.start : undefined, flush: true });
  if (file.ascii) await pipeline(socket, byteCap(file.capBytes), fromNetworkAscii(), sink, { signal });
  else await pipeline(socket, byteCap(file.capBytes), sink, { signal });
}

function byteCap(capBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > capBytes) done(new UploadTooLarge(capBytes));
      else done(null, chunk);
    },
  });
}
