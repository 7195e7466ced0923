import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { SmtpDialogue, clientName, extensionsOf, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.2.4', title: 'Reply Code 502' };

/** EHLO keywords that are also command verbs, with an argument that makes the command well-formed. */
const commandKeywords: Record<string, string> = { HELP: 'HELP', EXPN: 'EXPN postmaster', ETRN: 'ETRN rfcheck.test', VRFY: 'VRFY postmaster', TURN: 'TURN', ATRN: 'ATRN' };

export default section(citation, [
  rule({
    slug: 'advertised-commands-implemented',
    level: 'MUST',
    title: 'A command the EHLO reply advertises is never answered 500 or 502 (unrecognized or unsupported)',
    sends: 'EHLO, then each advertised keyword that is a command verb',
    input: fc.constant(clientName),
    maxRuns: 2,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      const extensions = extensionsOf(await smtp.expect(`EHLO ${name}`, [250]));
      for (const [keyword, command] of Object.entries(commandKeywords)) {
        if (!extensions.has(keyword)) continue;
        const reply = await smtp.send(command);
        expectThat(reply.code !== 500 && reply.code !== 502, `${keyword} is advertised but ${command} got ${replyText(reply)}`, 'not 500 or 502', String(reply.code));
      }
    },
  }),
]);
