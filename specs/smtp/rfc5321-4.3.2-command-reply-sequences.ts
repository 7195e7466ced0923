import fc from 'fast-check';
import { expectEqual, expectMatch } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { namesServer } from './rfc5321-4.1.1.1-ehlo-helo.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.3.2', title: 'Command-Reply Sequences' };

export default section(citation, [
  rule({
    slug: 'greeting-220',
    level: 'MUST',
    title: 'A new connection is greeted with 220 (service ready)',
    sends: 'connect; read the greeting',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const smtp = await SmtpDialogue.open(io);
      expectEqual(`the greeting code (${replyText(smtp.greeting)})`, smtp.greeting.code, 220);
    },
  }),
  rule({
    slug: 'greeting-names-server',
    level: 'MUST',
    title: 'The greeting\'s first line names the server: a domain or address literal right after the code',
    sends: 'connect; read the greeting',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const smtp = await SmtpDialogue.open(io);
      expectMatch('the first greeting line', smtp.greeting.lines[0]?.text ?? '', namesServer);
    },
  }),
]);
