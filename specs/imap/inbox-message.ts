import type { RunIO } from '../../harness/runner/run-io.ts';
import type { ImapClient } from './imap-client.ts';

/** EXAMINEs INBOX and turns a generated index into one of its sequence numbers; not applicable when INBOX is empty. */
export async function inboxMessage(io: RunIO, client: ImapClient, pick: number): Promise<number> {
  const exists = (await client.select('INBOX', true)).exists;
  if (exists === 0) return io.notApplicable('INBOX is empty');
  return (pick % exists) + 1;
}
