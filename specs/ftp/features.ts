import { type FtpControl, isCompletion } from './control-connection.ts';

/**
 * The feature lines of a FEAT reply (RFC 2389): the lines between the first and the last, each
 * starting with a space; upper-cased, trimmed. An unsupported FEAT yields no features.
 */
export async function featureLines(control: FtpControl): Promise<string[]> {
  const reply = await control.command('FEAT');
  if (!isCompletion(reply)) return [];
  return reply.lines.slice(1, -1).map((line) => line.trim().toUpperCase());
}
