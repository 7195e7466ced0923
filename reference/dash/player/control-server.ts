import net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../../harness/core/suite.ts';
import { type PlayerSettings, defaultPlayerSettings, playPresentation } from './player.ts';
import { listenOn } from '../../listening.ts';

/**
 * The reference player's control port (the contract in fixtures/dash/player/README.md): a
 * client sends one line `PLAY <mpd-url> [<max-seconds>]`; the player streams the presentation
 * and answers `DONE <stalls> <stall-ms>`, or `ERROR <text>` when the session cannot play, then
 * closes. Anything else on the line is answered with ERROR. The line is read with a deadline
 * and a byte cap; a client that goes away abandons its session.
 */

const maxLineBytes = 4096;
const lineTimeoutMs = 10_000;
const defaultMaxSeconds = 60;
const maxMaxSeconds = 3600;

export type PlayCommand = { mpdUrl: URL; maxSeconds: number };

/** Parses a PLAY line; returns the reason it is not one as a string. */
export function parsePlay(line: string): PlayCommand | string {
  const match = /^PLAY (\S+)(?: (\d{1,6}))?$/.exec(line);
  if (!match) return 'expected PLAY <mpd-url> [<max-seconds>]';
  let url: URL;
  try {
    url = new URL(match[1] as string);
  } catch {
    return `not a URL: ${match[1] ?? ''}`;
  }
  if (url.protocol !== 'http:') return `unsupported scheme ${url.protocol}`;
  const maxSeconds = match[2] === undefined ? defaultMaxSeconds : Number(match[2]);
  if (maxSeconds < 1 || maxSeconds > maxMaxSeconds) return `max-seconds must be 1–${maxMaxSeconds}`;
  return { mpdUrl: url, maxSeconds };
}

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, 300);

export async function startDashPlayer(options: ServerStartOptions, settings: PlayerSettings = defaultPlayerSettings): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    void serveControl(socket, settings);
  });
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serveControl(socket: net.Socket, settings: PlayerSettings): Promise<void> {
  const answer = (line: string): void => {
    if (!socket.destroyed) socket.end(`${line}\r\n`);
  };
  const line = await readLine(socket);
  if (line === undefined) {
    socket.destroy();
    return;
  }
  const command = parsePlay(line);
  if (typeof command === 'string') return answer(`ERROR ${oneLine(command)}`);
  const abandoned = new AbortController();
  socket.once('close', () => abandoned.abort());
  const faults = settings.faults;
  let answered = false;
  try {
    const result = await playPresentation(command.mpdUrl, settings, performance.now() + command.maxSeconds * 1000, {
      signal: abandoned.signal,
      beforeLastSegment: faults.has('done-before-last-segment')
        ? (buffer) => {
            answered = true;
            socket.write(`DONE ${buffer.stalls} ${Math.round(buffer.stallMs)}\r\n`);
          }
        : undefined,
    });
    const stalls = faults.has('reports-phantom-stalls') ? result.chosen.length : result.stalls;
    if (answered) socket.end();
    else answer(`DONE ${stalls} ${result.stallMs}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (faults.has('silent-on-unreachable-mpd') && /cannot connect/.test(message)) socket.destroy();
    else answer(`ERROR ${oneLine(message)}`);
  }
}

/** One line (LF or CRLF), at most maxLineBytes, within lineTimeoutMs; undefined otherwise. */
function readLine(socket: net.Socket): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const finish = (line: string | undefined): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      resolve(line);
    };
    const timer = setTimeout(() => finish(undefined), lineTimeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(0x0a);
      if (end >= 0) finish(buffered.subarray(0, end).toString('latin1').replace(/\r$/, ''));
      else if (buffered.length > maxLineBytes) finish('');
    };
    const onEnd = (): void => finish(buffered.length > 0 ? buffered.toString('latin1').replace(/\r$/, '') : undefined);
    socket.on('data', onData);
    socket.on('end', onEnd);
  });
}
