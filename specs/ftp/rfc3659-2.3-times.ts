import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileName } from './arbitraries.ts';
import { parseTimeVal } from './time-val.ts';
import { put, scratchSession } from './transfers.ts';

/** RFC 3659 §2.3: every time the extensions report is in UTC, never the server's local time. */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '2.3', title: 'Times' };

/** How far the server's clock may stray from the harness's before the time counts as wrong. */
const toleranceMs = 10 * 60 * 1000;

export default section(citation, [
  rule({
    slug: 'mdtm-is-utc',
    level: 'MUST',
    title: 'MDTM of a file stored just now reports the current UTC time (within 10 minutes)',
    sends: 'log in, STOR a file, MDTM',
    input: fileName(),
    maxRuns: 3,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('now'));
      const before = Date.now();
      const reply = await control.command(`MDTM ${name}`);
      if (reply.code !== 213) io.notApplicable(`MDTM is not supported (${reply.code})`);
      const reported = parseTimeVal(reply.text.trim());
      if (reported === undefined) return io.notApplicable('the MDTM reply carries no time-val (judged by 3.1)');
      const offsetMinutes = Math.round((reported - before) / 60_000);
      expectThat(Math.abs(reported - before) <= toleranceMs, `MDTM is ${offsetMinutes} minutes away from UTC now: a local time?`, `within 10 minutes of ${new Date(before).toISOString()}`, reply.text);
    },
  }),
]);
