import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { startImapServer } from '../../../reference/mailbox-access/imap-server.ts';
import { type Command, ImapSession } from '../../../reference/mailbox-access/imap/imap-session.ts';
import { startPop3Server } from '../../../reference/mailbox-access/pop3-server.ts';
import { Pop3Session } from '../../../reference/mailbox-access/pop3-session.ts';
import { writeBacklogCap } from '../../../reference/mailbox-access/write-backlog.ts';
import { sendMail } from '../../../reference/smtp/smtp-client.ts';

/**
 * A client that pipelines many commands with large answers and never reads them: the server
 * must stop taking commands once its queue of unsent replies is full, not queue every answer
 * in memory. Each session records its backlog at the start of every command it takes.
 */

const observed = { commands: 0, largestBacklog: 0 };

function note(socket: net.Socket): void {
  observed.commands += 1;
  observed.largestBacklog = Math.max(observed.largestBacklog, socket.writableLength);
}

class ObservedImap extends ImapSession {
  protected override async execute(command: Command): Promise<void> {
    note(this.socket);
    await super.execute(command);
  }
}

class ObservedPop3 extends Pop3Session {
  protected override async dispatch(line: string): Promise<void> {
    note(this.socket);
    await super.dispatch(line);
  }
}

/** Far more than the kernel's socket buffers hold, so the backlog decides: 400 answers of 200 KB. */
const bigMessage = `From: a@example.test\r\nSubject: big\r\n\r\n${'x'.repeat(198)}\r\n`.repeat(1000);
const repeats = 400;

/**
 * Delivers the big message to `user` through the server's SMTP endpoint, then sends the login
 * and `repeats` copies of `fetch` at once and never reads; waits until the server took every
 * command or stopped taking them, and checks that it stopped with at most the cap queued.
 */
async function expectWaitsForTheReader(server: RunningServer, user: string, login: string, fetch: string): Promise<void> {
  const smtp = server.endpoints?.smtp;
  if (!smtp) throw new Error('the reference has no SMTP endpoint');
  const sent = await sendMail({ ...smtp, from: 'a@example.test', to: [`${user}@example.test`], content: Buffer.from(bigMessage), timeoutMs: 30_000 });
  expect(sent.code).toBe(250);
  Object.assign(observed, { commands: 0, largestBacklog: 0 });
  const socket = net.connect(server.endpoint);
  socket.on('error', () => undefined);
  socket.pause();
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`${login}${fetch.repeat(repeats)}`);
  const commands = repeats + login.split('\n').length - 1;
  let before = -1;
  // Stalled for 3 s in a row: the server waits for the client to read (generous on a loaded machine).
  for (let quiet = 0; observed.commands < commands && quiet < 30; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    quiet = observed.commands === before ? quiet + 1 : 0;
    before = observed.commands;
  }
  socket.destroy();
  expect(observed.commands).toBeGreaterThan(2);
  expect(observed.commands).toBeLessThan(commands);
  // The cap, plus the one answer written after the last check.
  expect(observed.largestBacklog).toBeLessThanOrEqual(writeBacklogCap + bigMessage.length + 1024);
}

describe('reply backlog', () => {
  it('IMAP: a pipelining client that never reads makes the session wait, with at most the cap queued', async () => {
    const server = await startImapServer({ host: '127.0.0.1', port: 0, fixturesDir }, ObservedImap);
    try {
      await expectWaitsForTheReader(server, 'alice', 'l LOGIN alice alice-wonder-5322\r\ne EXAMINE INBOX\r\n', 'f FETCH * BODY.PEEK[]\r\n');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('POP3: a pipelining client that never reads makes the session wait, with at most the cap queued', async () => {
    const server = await startPop3Server({ host: '127.0.0.1', port: 0, fixturesDir }, ObservedPop3);
    try {
      // Bob's fixture message is number 1; the big one is number 2.
      await expectWaitsForTheReader(server, 'bob', 'USER bob\r\nPASS bob-builder-5321\r\n', 'RETR 2\r\n');
    } finally {
      await server.close();
    }
  }, 120_000);
});
