import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
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
]);
