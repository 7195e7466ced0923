import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { label, localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1', title: 'Command Semantics and Syntax' };

export default section(citation, [
  rule({
    slug: 'parameterless-commands-reject-arguments',
    level: 'SHOULD',
    title: 'RSET, DATA and QUIT given an argument are refused as a syntax error (501)',
    sends: 'EHLO, MAIL, RCPT, then RSET/DATA/QUIT with a word after it',
    input: (setup) => fc.record({ verb: fc.constantFrom('RSET', 'DATA', 'QUIT'), word: label(), to: localRecipient(setup) }),
    maxRuns: 12,
    check: async (io, { verb, word, to }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([to]);
      const reply = await smtp.send(`${verb} ${word}`);
      expectThat(reply.code === 501, `${verb} with an argument got ${replyText(reply)}`, '501', String(reply.code));
    },
  }),
]);
