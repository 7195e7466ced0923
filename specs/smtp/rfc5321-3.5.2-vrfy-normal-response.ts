import { expectMatch } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '3.5.2', title: 'VRFY Normal Response' };

export default section(citation, [
  rule({
    slug: 'vrfy-success-names-mailbox',
    level: 'MUST',
    title: 'A 250 or 251 to VRFY names the mailbox as <local-part@domain>',
    sends: 'EHLO, VRFY with a fixture user name or mailbox',
    input: localRecipient,
    maxRuns: 6,
    check: async (io, mailbox) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      const local = mailbox.split('@')[0] ?? mailbox;
      for (const name of [local, mailbox]) {
        const reply = await smtp.send(`VRFY ${name}`);
        if (reply.code !== 250 && reply.code !== 251) continue;
        expectMatch(`the ${reply.code} reply to VRFY ${name}`, reply.lines.map((l) => l.text).join('\n'), /<[^<>@\s]+@[A-Za-z0-9.-]+>/);
      }
    },
  }),
]);
