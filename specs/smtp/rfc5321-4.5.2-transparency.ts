import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, messageWithDotLines } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.5.2', title: 'Transparency' };

export default section(citation, [
  rule({
    slug: 'dot-stuffed-lines-are-data',
    level: 'MUST',
    title: 'A stuffed line ("..", ".text") is message data: only a line of one "." ends the message, with exactly one reply',
    sends: 'a message with lines starting with "." (dot-stuffed), then "."; then NOOP',
    input: (setup) => fc.record({ to: localRecipient(setup), message: messageWithDotLines() }),
    maxRuns: 20,
    check: async (io, { to, message }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([to]);
      const reply = await smtp.sendMessage(Buffer.from(message, 'latin1'));
      expectEqual(`the reply to the final "." (${replyText(reply)})`, reply.code, 250);
      // Had a dot-led line ended the message early, the rest would have been answered as commands, and
      // those replies would come before NOOP's.
      await smtp.expect('NOOP', [250], 'the reply to NOOP right after the message');
    },
  }),
]);
