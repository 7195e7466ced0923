import fc from 'fast-check';
import { violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { nonEmptyListing } from './maildrop-listing.ts';
import { Pop3Client } from './pop3-client.ts';

/**
 * RFC 1939 §11: messages travel as RFC 822 text, whose lines end in CRLF whatever the store
 * keeps on disk (sizes are counted that way too, §5).
 */

const citation = { suite: 'pop3', rfc: 'RFC 1939', section: '11', title: 'Message Format' };

export default section(citation, [
  rule({
    slug: 'message-lines-end-with-crlf',
    level: 'MUST',
    title: 'Every line of a message sent by RETR or TOP ends with CRLF',
    sends: 'a login, LIST, then RETR n or TOP n k',
    input: fc.record({ pick: fc.nat(), top: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }),
    maxRuns: 10,
    check: async (io, { pick, top }) => {
      const client = await Pop3Client.loggedIn(io);
      const listing = await nonEmptyListing(client);
      const number = listing[pick % listing.length]?.number ?? 1;
      const reply = await client.multiline(top === undefined ? `RETR ${number}` : `TOP ${number} ${top}`);
      const bare = reply.rawLines.findIndex((line) => line.terminator !== 'CRLF');
      if (bare >= 0) violation(`line ${bare + 1} of message ${number} ended with a bare LF`, 'CRLF', JSON.stringify(reply.rawLines[bare]?.text));
      await client.quit();
    },
  }),
]);
