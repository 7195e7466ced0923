import type net from 'node:net';
import type { SocketReader } from '../socket-reader.ts';

/**
 * Reads one IMAP command (RFC 3501 §2.2.1, §4.3): a line that may end in a literal
 * announcement {n} (the server answers "+" and reads n octets) or {n+} (LITERAL+, RFC 7888:
 * no "+"), after which the command line goes on. The literals come back as Buffers in order;
 * the text keeps a placeholder \u0000<index>\u0000 where each stood.
 */
export interface RawCommand {
  text: string;
  literals: Buffer[];
}

export class CommandTooLong extends Error {}

const lineCap = 64 * 1024;
export const literalCap = 32 * 1024 * 1024;

export async function readCommand(reader: SocketReader, socket: net.Socket): Promise<RawCommand> {
  const literals: Buffer[] = [];
  let text = '';
  let total = 0;
  for (;;) {
    const line = await reader.readLine(lineCap);
    total += line.length;
    if (total > lineCap) throw new CommandTooLong(`command longer than ${lineCap} octets`);
    const announced = /\{(\d{1,10})(\+?)\}$/.exec(line);
    if (!announced) return { text: text + line, literals };
    const size = Number(announced[1]);
    if (size > literalCap) {
      // Refuse before the client sends the octets (a synchronising literal waits for "+").
      if (announced[2] !== '+') throw new CommandTooLong(`literal of ${size} octets is over the ${literalCap}-octet cap`);
      throw new CommandTooLong('non-synchronising literal over the cap');
    }
    if (announced[2] !== '+') socket.write('+ go ahead\r\n');
    literals.push(await reader.readBytes(size));
    text += `${line.slice(0, announced.index)}\u0000${literals.length - 1}\u0000`;
  }
}
