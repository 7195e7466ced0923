import { violation } from '../../harness/core/expect.ts';
import { scratchName } from './arbitraries.ts';
import { type ImapClient, quote } from './imap-client.ts';
import { messageIdOf } from '../pop3/fixture-mailbox.ts';

/**
 * Rules that change mail work in a mailbox of their own: created at the start, deleted at the
 * end (also when the rule fails), so the fixture mailbox stays as it was and rules do not
 * depend on their order.
 */
export async function withScratchMailbox<T>(client: ImapClient, body: (name: string) => Promise<T>): Promise<T> {
  const name = scratchName();
  await client.ok(['CREATE ', quote(name)]);
  try {
    return await body(name);
  } finally {
    if (!client.connection.closedByTarget) {
      await client.command('UNSELECT').catch(() => undefined);
      await client.command(['DELETE ', quote(name)]).catch(() => undefined);
    }
  }
}

/** APPENDs each message (with flags) to `mailbox`. */
export async function appendAll(client: ImapClient, mailbox: string, messages: { octets: Buffer; flags?: string[] }[]): Promise<void> {
  for (const { octets, flags } of messages) {
    await client.ok(['APPEND ', quote(mailbox), flags && flags.length > 0 ? ` (${flags.join(' ')}) ` : ' ', { literal: octets }]);
  }
}

/** Sequence number → Message-ID of every message of the selected mailbox (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]). */
export async function messageIds(client: ImapClient): Promise<Map<number, string>> {
  const fetched = await client.fetch('1:*', 'BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]');
  const ids = new Map<number, string>();
  for (const [number, attributes] of fetched) {
    const header = [...attributes.entries()].find(([k]) => k.startsWith('BODY[HEADER.FIELDS'))?.[1];
    const id = Buffer.isBuffer(header) ? messageIdOf(`${header.toString('latin1')}\r\n`) : undefined;
    if (!id) violation(`message ${number} has no Message-ID in BODY[HEADER.FIELDS (MESSAGE-ID)]`, 'Message-ID: <…>', String(header));
    ids.set(number, id);
  }
  return ids;
}

/** Messages paired with whether a rule flags them \Deleted. */
export type MarkedMessages = [{ octets: Buffer; messageId: string }, boolean][];

/**
 * APPENDs the messages to the scratch mailbox, SELECTs it and flags the marked ones \Deleted
 * (silently); returns their sequence numbers. The EXPUNGE rules start from here.
 */
export async function selectWithDeleted(client: ImapClient, mailbox: string, entries: MarkedMessages): Promise<number[]> {
  await appendAll(client, mailbox, entries.map(([m]) => m));
  await client.select(mailbox);
  const marked = entries.flatMap(([, deleted], i) => (deleted ? [i + 1] : []));
  if (marked.length > 0) await client.ok(`STORE ${marked.join(',')} +FLAGS.SILENT (\\Deleted)`);
  return marked;
}

/** The Message-IDs the selected mailbox holds now, in sequence order (none if it is empty). */
export async function messageIdsLeft(client: ImapClient, mailbox: string): Promise<string[]> {
  if ((await client.select(mailbox)).exists === 0) return [];
  return [...(await messageIds(client)).entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
}
