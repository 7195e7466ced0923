import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.5.3.1.7', title: 'Message Content' };

export default section(citation, [
  rule({
    slug: 'message-of-64k-accepted',
    level: 'MUST',
    title: 'A message of 64K octets (header and body) is accepted',
    sends: 'a message of 65,536 octets in 76-octet lines',
    input: (setup) => fc.record({ to: localRecipient(setup), fill: fc.constantFrom('a', 'b', 'z', '0') }),
    maxRuns: 3,
    check: async (io, { to, fill }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([to]);
      const header = 'Subject: 64K\r\n\r\n';
      const line = `${fill.repeat(76)}\r\n`;
      const lines = Math.floor((65536 - header.length) / line.length);
      const tail = 65536 - header.length - lines * line.length;
      const message = header + line.repeat(lines) + `${fill.repeat(Math.max(0, tail - 2))}\r\n`;
      const reply = await smtp.sendMessage(Buffer.from(message, 'latin1'));
      expectEqual(`the reply to a ${message.length}-octet message (${replyText(reply)})`, reply.code, 250);
    },
  }),
]);
