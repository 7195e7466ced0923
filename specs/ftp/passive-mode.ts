import { expectThat, show, violation } from '../../harness/core/expect.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { type FtpControl, type Reply, describeReply, isCompletion } from './control-connection.ts';

/**
 * Reading where a server listens for a passive data connection: PASV's 227 reply carries
 * h1,h2,h3,h4,p1,p2 (RFC 959 §4.1.2); EPSV's 229 reply carries (<d><d><d>port<d>) with one
 * delimiter repeated (RFC 2428 §3).
 */

export interface PasvAddress {
  host: string;
  port: number;
}

/** The six numbers of a 227 reply, found anywhere in its text as RFC 1123 §4.1.2.6 asks clients to. */
export function parsePasv(reply: Reply): PasvAddress | undefined {
  const match = /(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})/.exec(reply.text);
  if (!match) return undefined;
  const n = match.slice(1).map(Number);
  if (n.some((x) => x > 255)) return undefined;
  return { host: n.slice(0, 4).join('.'), port: (n[4] as number) * 256 + (n[5] as number) };
}

/** The port of a 229 reply: "(", three equal delimiters, the port, the same delimiter, ")". */
export function parseEpsv(reply: Reply): number | undefined {
  const match = /\(([\x21-\x7e])\1\1(\d{1,5})\1\)/.exec(reply.text);
  if (!match) return undefined;
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * Sends PASV and returns where to connect. Like most clients, the harness connects to the
 * control connection's host and takes only the port from the reply; one rule checks the host.
 */
export async function enterPassiveMode(control: FtpControl): Promise<Endpoint> {
  const reply = await control.command('PASV');
  expectThat(isCompletion(reply), `PASV failed: ${describeReply(reply)}`, '227', describeReply(reply));
  const address = parsePasv(reply);
  if (!address) violation(`the PASV reply carries no h1,h2,h3,h4,p1,p2: ${show(reply.text)}`, 'h1,h2,h3,h4,p1,p2', show(reply.text));
  return { host: control.io.target.host, port: address.port };
}
