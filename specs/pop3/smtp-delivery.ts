import { expectThat } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { type Endpoint, formatEndpoint } from '../../harness/wire/limits.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { parseEndpoint } from '../../harness/targets/target-spec.ts';

/**
 * Delivering a test message over SMTP into the store a POP3/IMAP target reads (--smtp, or the
 * target's 'smtp' endpoint): the cross-protocol rules check that it comes back byte-exact.
 * Not applicable when no SMTP endpoint is given.
 */
export function smtpEndpoint(io: RunIO): Endpoint {
  return io.options.smtp ? parseEndpoint(io.options.smtp, '--smtp') : io.endpoint('smtp');
}

async function reply(connection: TcpConnection, what: string): Promise<string> {
  for (;;) {
    const line = await connection.readLine(what, { maxBytes: 4096 });
    if (!/^\d{3}-/.test(line.text)) return line.text;
  }
}

async function expectCode(connection: TcpConnection, command: string | undefined, code: string, what: string): Promise<void> {
  if (command !== undefined) await connection.write(`${command}\r\n`);
  const text = await reply(connection, what);
  expectThat(text.startsWith(code), `the SMTP server refused ${what}`, `${code} …`, text);
}

/** Sends `octets` (CRLF lines) to `recipient` with DATA, dot-stuffed (RFC 5321 §4.5.2). */
export async function deliverOverSmtp(io: RunIO, recipient: string, octets: Buffer): Promise<void> {
  const endpoint = smtpEndpoint(io);
  io.step(`deliver a message to <${recipient}> over SMTP at ${formatEndpoint(endpoint)}`);
  const connection = await io.tcp(endpoint);
  await expectCode(connection, undefined, '220', 'the SMTP greeting');
  await expectCode(connection, 'EHLO rfcheck.example.test', '250', 'EHLO');
  await expectCode(connection, 'MAIL FROM:<harness@example.test>', '250', 'MAIL FROM');
  await expectCode(connection, `RCPT TO:<${recipient}>`, '250', 'RCPT TO');
  await expectCode(connection, 'DATA', '354', 'DATA');
  const stuffed = octets.toString('latin1').replace(/^\./gm, '..');
  await connection.write(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
  await expectCode(connection, undefined, '250', 'the message');
  await connection.write('QUIT\r\n');
  connection.close();
}

/**
 * The delivered message must end with the octets sent; before them the server may only have
 * prepended header fields (Return-Path, Received: RFC 5321 §4.4).
 */
export function expectDeliveredIntact(received: Buffer, sent: Buffer): void {
  const prefix = received.subarray(0, Math.max(0, received.length - sent.length));
  const intact = received.subarray(received.length - sent.length).equals(sent);
  const onlyFields = /^(?:[!-9;-~]+:[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*)*$/.test(prefix.toString('latin1'));
  expectThat(intact && onlyFields, 'the message read back is not the message sent (after trace fields)', JSON.stringify(sent.toString('latin1').slice(0, 120)), JSON.stringify(received.toString('latin1').slice(0, 200)));
}
