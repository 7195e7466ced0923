import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileName } from './arbitraries.ts';
import { expectReplyCode, isPreliminary } from './control-connection.ts';
import { enterPassiveMode } from './passive-mode.ts';
import { put, scratchSession } from './transfers.ts';

/**
 * RFC 959 §3.3: the server must close the data connection when it has sent everything in a
 * mode (stream) where closing marks the end of file; the listing of LIST is such a transfer.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '3.3', title: 'Data connection management' };

export default section(citation, [
  rule({
    slug: 'server-closes-after-sending',
    level: 'MUST',
    title: 'In stream mode the server closes the data connection once LIST has sent the listing',
    sends: 'log in, store a file, PASV, LIST, wait for the data connection to close',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('x'));
      const data = await io.tcp(await enterPassiveMode(control));
      const opening = await control.command('LIST');
      expectThat(isPreliminary(opening), `LIST opened no transfer (${opening.code})`);
      const closed = await data.waitForClose();
      expectThat(closed, 'the server did not close the data connection after the listing (stream mode marks the end by closing)', 'close', 'still open');
      expectReplyCode('the final reply to LIST', await control.reply('the final reply to LIST'), [226, 250]);
    },
  }),
]);
