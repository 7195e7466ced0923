import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { SmtpDialogue, clientName } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '3.2', title: 'Client Initiation' };

export default section(citation, [
  rule({
    slug: 'helo-reply-not-extended',
    level: 'MUST',
    title: 'HELO is answered with a single-line 250, never with the EHLO-style list of extensions',
    sends: 'HELO, after an EHLO or on a fresh session',
    input: fc.boolean(),
    maxRuns: 6,
    check: async (io, afterEhlo) => {
      const smtp = await SmtpDialogue.open(io);
      if (afterEhlo) await smtp.expect(`EHLO ${clientName}`, [250]);
      const reply = await smtp.expect(`HELO ${clientName}`, [250]);
      expectEqual('lines in the reply to HELO', reply.lines.length, 1);
    },
  }),
]);
