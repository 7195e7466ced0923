import { rule, section } from '../../harness/core/rule.ts';
import { unknownVerb } from './arbitraries-invalid.ts';
import { SmtpDialogue } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '3.8', title: 'Terminating Sessions and Connections' };

export default section(citation, [
  rule({
    slug: 'unknown-command-keeps-connection',
    level: 'MUST',
    title: 'A command the server does not understand is answered, and the connection stays open for the next one',
    sends: 'EHLO, an unknown verb, then NOOP',
    input: unknownVerb(),
    maxRuns: 8,
    check: async (io, verb) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      await smtp.send(`${verb} argument`);
      await smtp.expect('NOOP', [250]);
    },
  }),
]);
