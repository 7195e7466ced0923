import { expectThat, violation } from '../../harness/core/expect.ts';
import { messageIdOf } from './fixture-mailbox.ts';
import { type Pop3Client, messageOctets } from './pop3-client.ts';

/**
 * Reading the maildrop through STAT, LIST, UIDL and RETR. Parsing here is lenient (any run of
 * spaces separates fields); the exact formats are rules of their own (5/stat-drop-listing-format,
 * 5/list-scan-listing-format, 7/uidl-unique-id-format).
 */

export interface ScanListing {
  number: number;
  size: number;
}

export interface DropListing {
  count: number;
  size: number;
}

export async function stat(client: Pop3Client): Promise<DropListing> {
  const reply = await client.command('STAT');
  expectThat(reply.ok, 'STAT in the TRANSACTION state was refused', '+OK count size', reply.line.text);
  const match = /^\s*(\d+)\s+(\d+)/.exec(reply.text);
  if (!match) violation('STAT did not give a count and a size', '+OK count size', reply.line.text);
  return { count: Number(match[1]), size: Number(match[2]) };
}

export function parseScanListing(line: string, command: string): ScanListing {
  const match = /^\s*(\d+)\s+(\d+)/.exec(line);
  if (!match) violation(`${command} gave a line that is not "number size"`, 'number size', JSON.stringify(line));
  return { number: Number(match[1]), size: Number(match[2]) };
}

export async function listAll(client: Pop3Client): Promise<ScanListing[]> {
  const reply = await client.multiline('LIST');
  expectThat(reply.ok, 'LIST in the TRANSACTION state was refused', '+OK and scan listings', reply.line.text);
  return reply.lines.map((line) => parseScanListing(line, 'LIST'));
}

/** UIDL without argument: message number → unique-id. */
export async function uidlAll(client: Pop3Client): Promise<Map<number, string>> {
  const reply = await client.multiline('UIDL');
  if (!reply.ok) client.io.notApplicable(`the server does not offer UIDL (${reply.line.text})`);
  const ids = new Map<number, string>();
  for (const line of reply.lines) {
    const match = /^\s*(\d+)\s+(\S+)/.exec(line);
    if (!match) violation('UIDL gave a line that is not "number unique-id"', 'number unique-id', JSON.stringify(line));
    ids.set(Number(match[1]), match[2] as string);
  }
  return ids;
}

/** The message's octets as RETR gives them (unstuffed, CRLF line ends). */
export async function retr(client: Pop3Client, number: number): Promise<Buffer> {
  const reply = await client.multiline(`RETR ${number}`);
  expectThat(reply.ok, `RETR ${number} of a listed message was refused`, '+OK and the message', reply.line.text);
  return messageOctets(reply.lines);
}

/** Logs in and lists the maildrop; not applicable to an empty maildrop. */
export async function nonEmptyListing(client: Pop3Client, atLeast = 1): Promise<ScanListing[]> {
  const listing = await listAll(client);
  if (listing.length < atLeast) client.io.notApplicable(`the maildrop holds ${listing.length} message(s); the rule needs ${atLeast}`);
  return listing;
}

/** The number of the message with this Message-ID, found by TOP n 0 over the listing. */
export async function numberOfMessageId(client: Pop3Client, messageId: string): Promise<number> {
  for (const { number } of await listAll(client)) {
    const head = await client.multiline(`TOP ${number} 0`);
    if (head.ok && messageIdOf(messageOctets(head.lines)) === messageId) return number;
  }
  return violation(`the fixture message ${messageId} is not in the maildrop`, messageId, 'absent');
}

/** After a refused login: STAT must be refused too, then the session ends. */
export async function expectStillLoggedOut(client: Pop3Client, after: string): Promise<void> {
  const toStat = await client.command('STAT');
  expectThat(!toStat.ok, `STAT after ${after} got a positive reply`, '-ERR', toStat.line.text);
  await client.quit();
}
