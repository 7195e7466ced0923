import fc from 'fast-check';
import { expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, senderMailbox, simpleMessage } from './arbitraries.ts';
import { malformedMailArgument, malformedMailArguments } from './arbitraries-invalid.ts';
import { SmtpDialogue, clientName, replyText } from './smtp-dialogue.ts';
import { sessionModelCheck, sessionModelInput } from './session-model.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.4', title: 'Order of Commands' };

export default section(citation, [
  rule({
    slug: 'mail-before-greeting-503',
    level: 'MUST',
    title: 'MAIL before any EHLO or HELO is refused with 503',
    sends: 'MAIL FROM right after the greeting',
    input: senderMailbox(),
    maxRuns: 6,
    check: async (io, from) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.expect(`MAIL FROM:<${from}>`, [503]);
    },
  }),
  rule({
    slug: 'nested-mail-503',
    level: 'MUST',
    title: 'MAIL while a transaction is open is refused with 503, and the open transaction goes on',
    sends: 'EHLO, MAIL, optionally RCPT, MAIL again, then RCPT and DATA of the first transaction',
    input: (setup) => fc.record({ from: senderMailbox(), to: localRecipient(setup), rcptFirst: fc.boolean(), message: simpleMessage() }),
    maxRuns: 10,
    check: async (io, { from, to, rcptFirst, message }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction(rcptFirst ? [to] : [], from);
      await smtp.expect(`MAIL FROM:<${from}>`, [503], 'a second MAIL inside the transaction');
      if (!rcptFirst) await smtp.expect(`RCPT TO:<${to}>`, [250, 251]);
      const reply = await smtp.sendMessage(Buffer.from(message, 'latin1'));
      expectOneOf(`the reply to the final "." (${replyText(reply)})`, reply.code, [250]);
    },
  }),
  rule({
    slug: 'data-without-recipient-refused',
    level: 'MUST',
    title: 'DATA with no accepted recipient (no MAIL, or MAIL but no RCPT) is refused with 503 or 554, never 354',
    sends: 'EHLO, DATA with no MAIL, then MAIL and DATA with no RCPT',
    input: senderMailbox(),
    maxRuns: 4,
    check: async (io, from) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      for (const withMail of [false, true]) {
        if (withMail) await smtp.expect(`MAIL FROM:<${from}>`, [250]);
        const reply = await smtp.send('DATA');
        if (reply.code === 354) await smtp.connection.write('.\r\n');
        expectOneOf(`DATA without a recipient, ${withMail ? 'after MAIL' : 'no MAIL'} (${replyText(reply)})`, reply.code, [503, 554]);
      }
    },
  }),
  rule({
    slug: 'ehlo-resets-transaction',
    level: 'MUST',
    title: 'A second EHLO in the middle of a transaction resets it as RSET would: DATA afterwards is out of sequence',
    sends: 'EHLO, MAIL, RCPT, EHLO, DATA',
    input: localRecipient,
    maxRuns: 6,
    check: async (io, to) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([to]);
      await smtp.expect(`EHLO ${clientName}`, [250]);
      const reply = await smtp.send('DATA');
      if (reply.code === 354) await smtp.connection.write('.\r\n');
      expectOneOf(`DATA after a second EHLO (${replyText(reply)})`, reply.code, [503, 554]);
    },
  }),
  rule({
    slug: 'malformed-mail-501',
    level: 'MUST',
    title: 'MAIL whose argument is not FROM:<path> is refused with 501',
    sends: 'EHLO, then MAIL with a path lacking brackets, a half bracket, no colon, no FROM, a space or a doubled @, each followed by RSET',
    input: malformedMailArguments(),
    maxRuns: 8,
    check: async (io, argumentsToTry) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      for (const argument of argumentsToTry) {
        await smtp.expect(`MAIL ${argument}`, [501]);
        // RSET keeps each attempt independent of what the last one did to the state (refused-mail-keeps-state's concern).
        await smtp.expect('RSET', [250]);
      }
    },
  }),
  rule({
    slug: 'ehlo-without-domain-501',
    level: 'MUST',
    title: 'EHLO or HELO without a domain is refused with 501 (its argument is required)',
    sends: 'EHLO or HELO with no argument (or only spaces)',
    input: fc.record({ verb: fc.constantFrom('EHLO', 'HELO'), spaces: fc.constantFrom('', ' ') }),
    maxRuns: 4,
    check: async (io, { verb, spaces }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.expect(`${verb}${spaces}`, [501]);
    },
  }),
  rule({
    slug: 'refused-mail-keeps-state',
    level: 'MUST',
    title: 'After a refused MAIL the server is in the state it was in: a correct MAIL then opens the transaction',
    sends: 'EHLO, a malformed MAIL, then a correct MAIL and RCPT',
    input: (setup) => fc.record({ bad: malformedMailArgument(), to: localRecipient(setup) }),
    maxRuns: 10,
    check: async (io, { bad, to }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      const refused = await smtp.send(`MAIL ${bad}`);
      // A server that took the malformed MAIL fails malformed-mail-501; here only the state after a refusal matters.
      if (refused.code === 250) await smtp.expect('RSET', [250]);
      await smtp.expect('MAIL FROM:<sender@sender.rfcheck.test>', [250], 'a correct MAIL after the refused one');
      await smtp.expect(`RCPT TO:<${to}>`, [250, 251]);
    },
  }),
  rule({
    slug: 'diagnostics-before-greeting',
    level: 'SHOULD',
    title: 'NOOP, RSET and VRFY are processed even before EHLO, not refused with 503',
    sends: 'NOOP, RSET or VRFY right after the greeting',
    input: fc.constantFrom('NOOP', 'RSET', 'VRFY postmaster'),
    maxRuns: 6,
    check: async (io, command) => {
      const smtp = await SmtpDialogue.open(io);
      const reply = await smtp.send(command);
      if (reply.code === 503) expectOneOf(`${command} before EHLO (${replyText(reply)})`, reply.code, [250, 252]);
    },
  }),
  rule({
    slug: 'session-state-model',
    level: 'MUST',
    title: 'Over any sequence of commands, each reply is the one the session state allows (model of §3.3, §4.1.1, §4.1.4)',
    sends: 'a fixed tour of every state, then a generated sequence of EHLO, HELO, MAIL, RCPT (known and unknown users), DATA, RSET, NOOP, VRFY',
    input: sessionModelInput,
    maxRuns: 40,
    check: sessionModelCheck,
  }),
]);
