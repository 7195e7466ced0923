import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SuiteOptions } from '../../harness/core/rule.ts';
import { credentials, fixtureUser } from './credentials.ts';

/**
 * The initial mailbox of the fixture user (fixtures/mail/mailboxes/alice/Maildir), as a server
 * under test must serve it: each message's exact octets with CRLF line ends, its Message-ID
 * (how a rule finds it on the server, whatever number or UID the server gave it) and the
 * IMAP flags its Maildir name carries. Rules that compare against it apply only when the suite
 * logs in as the fixture user.
 */
export interface FixtureMessage {
  messageId: string;
  octets: Buffer;
  /** IMAP system flags from the Maildir info suffix (S → \Seen, …). */
  flags: string[];
}

const maildirFlags: Record<string, string> = { D: '\\Draft', F: '\\Flagged', R: '\\Answered', S: '\\Seen', T: '\\Deleted' };
const cache = new Map<string, FixtureMessage[]>();

/** The fixture messages, oldest first; empty when the suite logs in as someone else. */
export function fixtureMessages(options: SuiteOptions): FixtureMessage[] {
  if (credentials(options).user !== fixtureUser) return [];
  const root = path.join(options.fixturesDir, 'mail', 'mailboxes', fixtureUser, 'Maildir');
  const cached = cache.get(root);
  if (cached) return cached;
  const found: { name: string; message: FixtureMessage }[] = [];
  for (const sub of ['new', 'cur']) {
    let names: string[];
    try {
      names = readdirSync(path.join(root, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      const octets = withCrlf(readFileSync(path.join(root, sub, name)));
      const info = name.split(':2,')[1] ?? '';
      const flags = [...info].map((letter) => maildirFlags[letter]).filter((f): f is string => f !== undefined);
      found.push({ name, message: { messageId: messageIdOf(octets) ?? name, octets, flags } });
    }
  }
  const messages = found.sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => f.message);
  cache.set(root, messages);
  return messages;
}

/** The Message-ID field's value (angle brackets included), from a message's header. */
export function messageIdOf(message: Buffer | string): string | undefined {
  const text = typeof message === 'string' ? message : message.toString('latin1');
  const header = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^message-id:[ \t]*(<[^>\r\n]*>)/im.exec(header)?.[1];
}

function withCrlf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}
