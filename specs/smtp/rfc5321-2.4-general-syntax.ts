import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, senderMailbox, simpleMessage } from './arbitraries.ts';
import { SmtpDialogue, clientName } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '2.4', title: 'General Syntax Principles and Transaction Model' };

/** Each character of a word in upper or lower case, as the generated mask says. */
const mixCase = (word: string, mask: boolean[]): string =>
  [...word].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join('');

/** A case mask with at least one lower-case position, so that no verb is sent all upper case. */
const caseMask = (): fc.Arbitrary<boolean[]> =>
  fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }).map((mask) => (mask.every(Boolean) ? [false, ...mask.slice(1)] : mask));

export default section(citation, [
  rule({
    slug: 'verbs-case-insensitive',
    level: 'MUST',
    title: 'Command verbs and the FROM:/TO: keywords are understood in any mix of upper and lower case',
    sends: 'a whole transaction with every verb and keyword in a generated mix of cases',
    input: (setup) => fc.record({ mask: caseMask(), to: localRecipient(setup), from: senderMailbox(), message: simpleMessage() }),
    maxRuns: 25,
    check: async (io, { mask, to, from, message }) => {
      const word = (w: string): string => mixCase(w, mask);
      const smtp = await SmtpDialogue.open(io);
      await smtp.expect(`${word('EHLO')} ${clientName}`, [250]);
      await smtp.expect(`${word('MAIL')} ${word('FROM')}:<${from}>`, [250]);
      await smtp.expect(`${word('RCPT')} ${word('TO')}:<${to}>`, [250, 251]);
      await smtp.expect(word('NOOP'), [250]);
      await smtp.expect(word('RSET'), [250]);
      await smtp.expect(`${word('MAIL')} ${word('FROM')}:<${from}>`, [250]);
      await smtp.expect(`${word('RCPT')} ${word('TO')}:<${to}>`, [250, 251]);
      await smtp.expect(word('DATA'), [354]);
      await smtp.connection.write(`${message}.\r\n`);
      await smtp.reply('the reply to the final "."');
      await smtp.expect(word('NOOP'), [250]);
    },
  }),
]);
