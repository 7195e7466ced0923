import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import type { ServerFactory } from '../../harness/core/suite.ts';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { corpus, onConnection, row, type SecurityRow, shown, startReference } from './corpus.ts';

/**
 * SMTP: the reference relays nothing. Every recipient of fixtures/security/smtp-relay.txt names
 * a domain other than the local one (example.test) or hides one in a relay trick (source route,
 * percent hack, bang path, quoted local part); each is tried after three reverse-paths — the null
 * one, a local sender and a foreign one. A breach is any 2yz reply to RCPT.
 */

const senders = ['<>', '<alice@example.test>', '<someone@evil.test>'];

async function replyOf(connection: TcpConnection): Promise<string[]> {
  const lines: string[] = [];
  while (lines.length < 100) {
    const { text } = await connection.readLine();
    lines.push(text);
    if (/^\d{3} /.test(text)) break;
  }
  return lines;
}

export async function checkSmtpRelay(planted?: ServerFactory): Promise<SecurityRow> {
  const recipients = await corpus('smtp-relay.txt');
  const server = await startReference('smtp', 'smtp', fixturesDir, planted);
  const breaches: string[] = [];
  let attempts = 0;
  let unanswered = 0;
  try {
    for (const sender of senders) {
      const answered = await onConnection(server.endpoint, async (connection) => {
        await replyOf(connection);
        await connection.write('EHLO relay-test.evil.test\r\n');
        await replyOf(connection);
        for (const recipient of recipients) {
          attempts += 1;
          await connection.write(`MAIL FROM:${sender}\r\n`);
          await replyOf(connection);
          await connection.write(`RCPT TO:<${recipient}>\r\n`);
          const reply = await replyOf(connection);
          if (/^2/.test(reply.at(-1) ?? '')) breaches.push(`MAIL FROM:${sender} RCPT TO:<${shown(recipient)}> -> ${shown(reply.join(' | '))}`);
          await connection.write('RSET\r\n');
          await replyOf(connection);
        }
        await connection.write('QUIT\r\n');
      });
      if (!answered) unanswered += 1;
    }
  } finally {
    await server.close();
  }
  return row('smtp: no relay to non-local domains', attempts, breaches, unanswered);
}
