import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl } from './control-connection.ts';

/**
 * RFC 959 §5.1: every server must implement at least TYPE ASCII non-print, MODE stream,
 * STRU file (and record), and the commands USER, QUIT, PORT, TYPE, MODE, STRU, RETR, STOR, NOOP.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '5.1', title: 'Minimum implementation' };

export default section(citation, [
  rule({
    slug: 'default-parameters-accepted',
    level: 'MUST',
    title: 'TYPE A, TYPE A N, MODE S and STRU F are each accepted with 200',
    sends: 'log in, then the minimum transfer parameters in any order',
    input: fc.shuffledSubarray(['TYPE A', 'TYPE A N', 'MODE S', 'STRU F'], { minLength: 1 }),
    maxRuns: 8,
    check: async (io, commands) => {
      const control = await FtpControl.loggedIn(io);
      for (const command of commands) await control.expect(command, [200], 'a minimum-implementation parameter');
    },
  }),
  rule({
    slug: 'noop-200',
    level: 'MUST',
    title: 'NOOP is implemented and answered 200',
    sends: 'log in, NOOP',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.loggedIn(io);
      await control.expect('NOOP', [200]);
    },
  }),
]);
