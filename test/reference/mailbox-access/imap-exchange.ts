import type { TcpConnection } from '../../../harness/wire/tcp-connection.ts';

/** Small IMAP exchanges for the reference tests: every read through TcpConnection's deadlines. */

/** Everything up to and including the tagged completion of `tag`, one line per line. */
export async function completion(connection: TcpConnection, tag: string): Promise<string> {
  let text = '';
  for (;;) {
    const line = await connection.readLine(`the completion of ${tag}`);
    text += `${line.text}\n`;
    if (line.text.startsWith(`${tag} `)) return text;
  }
}

/** Sends one command line and returns everything up to its completion. */
export async function command(connection: TcpConnection, tag: string, text: string): Promise<string> {
  await connection.write(`${tag} ${text}\r\n`);
  return completion(connection, tag);
}
