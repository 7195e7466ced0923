import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningServer } from '../../harness/core/suite.ts';
import { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import type { ServerFactory } from '../../harness/core/suite.ts';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { inBatches, row, securityFixtures, type SecurityRow, shown, startReference } from './corpus.ts';

/**
 * POP3, IMAP, FTP: no command of fixtures/security/before-login.txt reads or changes a mailbox or
 * a file before a successful login — on a fresh connection, after a user name alone, and after
 * a wrong password. Each attempt is a connection of its own.
 */

type Protocol = 'pop3' | 'imap' | 'ftp';

interface Dialect {
  /** Commands that bring the session to each state tried (none: straight after the greeting). */
  states: string[][];
  /** Reads one reply (or the greeting); returns its lines. */
  reply(connection: TcpConnection, tag?: string): Promise<string[]>;
  /** Whether a reply to a mailbox or file command is a breach. */
  breach(lines: string[], tag?: string): boolean;
}

async function linesUntil(connection: TcpConnection, last: (line: string) => boolean): Promise<string[]> {
  const lines: string[] = [];
  while (lines.length < 500) {
    const { text } = await connection.readLine();
    lines.push(text);
    if (last(text)) return lines;
  }
  return lines;
}

const mailUser = 'alice';
const ftpUser = 'alice';

const dialects: Record<Protocol, Dialect> = {
  pop3: {
    states: [[], [`USER ${mailUser}`], [`USER ${mailUser}`, 'PASS not-the-password']],
    reply: async (c) => [(await c.readLine()).text],
    breach: (lines) => lines[0]?.startsWith('+OK') ?? false,
  },
  imap: {
    states: [[], [`a0 LOGIN ${mailUser} not-the-password`]],
    reply: (c, tag) => linesUntil(c, (line) => (tag === undefined ? line.startsWith('* ') : line.startsWith(`${tag} `))),
    // A tagged OK, or any untagged data about a mailbox or its messages.
    breach: (lines, tag) => lines.some((line) => line.startsWith(`${tag} OK`) || /^\* (\d+ (EXISTS|RECENT|EXPUNGE|FETCH)|LIST|LSUB|STATUS|SEARCH|FLAGS)\b/i.test(line)),
  },
  ftp: {
    states: [[], [`USER ${ftpUser}`], [`USER ${ftpUser}`, 'PASS not-the-password']],
    reply: (c) => linesUntil(c, (line) => /^\d{3} /.test(line)),
    // Only a refusal counts as one: 530 (not logged in), 421 (closing), or a syntax/sequence 50x.
    breach: (lines) => !/^(530|421|500|501|502|503|504) /.test(lines.at(-1) ?? ''),
  },
};

async function commandsOf(protocol: Protocol): Promise<string[]> {
  const text = await readFile(path.join(securityFixtures, 'before-login.txt'), 'utf8');
  return text.split('\n').filter((line) => line.startsWith(`${protocol}\t`)).map((line) => line.slice(protocol.length + 1));
}

async function attempt(server: RunningServer, dialect: Dialect, state: string[], command: string): Promise<string | undefined> {
  const connection = await TcpConnection.open(server.endpoint, { limits: { readTimeoutMs: 10_000 } });
  try {
    await dialect.reply(connection);
    for (const line of state) {
      await connection.write(`${line}\r\n`);
      await dialect.reply(connection, line.split(' ')[0]);
    }
    const tag = command.split(' ')[0];
    await connection.write(`${command}\r\n`);
    const lines = await dialect.reply(connection, tag);
    return dialect.breach(lines, tag) ? `${state.length ? `after ${state.join(', ')}: ` : ''}${command} -> ${shown(lines.join(' | '))}` : undefined;
  } finally {
    connection.close();
  }
}

export async function checkBeforeLogin(protocol: Protocol, planted?: ServerFactory): Promise<SecurityRow> {
  const server = await startReference(protocol === 'ftp' ? 'ftp' : 'mailbox-access', protocol, fixturesDir, planted);
  const dialect = dialects[protocol];
  const tries = (await commandsOf(protocol)).flatMap((command) => dialect.states.map((state) => ({ state, command })));
  const breaches: string[] = [];
  let unanswered = 0;
  try {
    await inBatches(tries, 8, async ({ state, command }) => {
      try {
        const breach = await attempt(server, dialect, state, command);
        if (breach) breaches.push(breach);
      } catch {
        unanswered += 1;
      }
    });
  } finally {
    await server.close();
  }
  return row(`${protocol}: no mailbox or file before login`, tries.length, breaches, unanswered);
}
