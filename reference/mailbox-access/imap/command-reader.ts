import type net from 'node:net';
import { AnsweredError } from '../answered-error.ts';
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

/**
 * The command is refused as too large. `start` is the command's beginning as read (for its
 * tag). `closeConnection` is set when the client is already sending octets the server will not
 * read (an oversize non-synchronising literal): the session then answers BAD and closes,
 * rather than taking those octets for commands.
 */
export class CommandTooLong extends AnsweredError {
  constructor(
    message: string,
    readonly start: string,
    readonly closeConnection = false,
  ) {
    super(message);
  }
}

const lineCap = 64 * 1024;
/** The largest literal, and the most literal octets one command may carry in all. */
export const literalCap = 32 * 1024 * 1024;

export async function readCommand(reader: SocketReader, socket: net.Socket): Promise<RawCommand> {
  const literals: Buffer[] = [];
  let text = '';
  let total = 0;
  let literalOctets = 0;
  for (;;) {
    const line = await reader.readLine(lineCap);
    total += line.length;
    if (total > lineCap) throw new CommandTooLong(`command longer than ${lineCap} octets`, (text + line).slice(0, 200));
    const announced = /\{(\d{1,10})(\+?)\}$/.exec(line);
    if (!announced) return { text: text + line, literals };
    const size = Number(announced[1]);
    if (literalOctets + size > literalCap) {
      // RFC 3501 §2.2.1: a synchronising literal is refused with BAD instead of "+", so the
      // client never sends it. A non-synchronising one is on its way already (RFC 7888 §4 lets
      // the server refuse it): answer BAD and close instead of reading it as commands.
      throw new CommandTooLong(`literals of more than ${literalCap} octets in one command`, (text + line).slice(0, 200), announced[2] === '+');
    }
    literalOctets += size;
    if (announced[2] !== '+') socket.write('+ go ahead\r\n');
    literals.push(await reader.readBytes(size));
    text += `${line.slice(0, announced.index)}\u0000${literals.length - 1}\u0000`;
  }
}
