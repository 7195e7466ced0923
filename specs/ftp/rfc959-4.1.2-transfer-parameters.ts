import fc from 'fast-check';
import { expectEqual, expectThat, show } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ActiveListener } from './active-mode.ts';
import { fileName } from './arbitraries.ts';
import { FtpControl, expectReplyCode, isPreliminary } from './control-connection.ts';
import { parsePasv } from './passive-mode.ts';
import { dataCap, listingLines, put, scratchSession } from './transfers.ts';

/**
 * RFC 959 §4.1.2: PORT names the host and port (h1,h2,h3,h4,p1,p2) the server connects to for
 * the next transfer; PASV makes the server listen and answer 227 with the address it listens
 * on, in the same form.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '4.1.2', title: 'Transfer parameter commands' };

export default section(citation, [
  rule({
    slug: 'pasv-227-listening-address',
    level: 'MUST',
    title: "PASV answers 227 with h1,h2,h3,h4,p1,p2 naming the server's own address and a port that accepts a connection",
    sends: 'log in, PASV, connect to the address it names',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const control = await FtpControl.loggedIn(io);
      const reply = await control.command('PASV');
      expectReplyCode('PASV', reply, [227]);
      const address = parsePasv(reply);
      expectThat(address !== undefined, `the 227 reply carries no h1,h2,h3,h4,p1,p2: ${show(reply.text)}`);
      expectEqual('host in the 227 reply (the address the client reached the server on)', address.host, io.target.host);
      const data = await io.tcp({ host: address.host, port: address.port });
      data.close();
    },
  }),
  rule({
    slug: 'port-server-connects',
    level: 'MUST',
    title: 'After PORT h1,h2,h3,h4,p1,p2 (200) the server opens the data connection to that address and port',
    sends: 'log in, store a file, PORT to a harness listener on 127.0.0.1, NLST',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('listed\n'));
      await ActiveListener.with(io, async (listener) => {
        const port = listener.port;
        expectReplyCode('PORT', await control.command(`PORT 127,0,0,1,${port >> 8},${port & 255}`), [200]);
        const opening = await control.command('NLST');
        expectThat(isPreliminary(opening), `NLST after PORT opened no transfer (${opening.code})`, '150', String(opening.code));
        const socket = await listener.accept();
        const listing = await listener.readToEnd(socket, dataCap);
        expectReplyCode('the final reply to NLST', await control.reply('the final reply to NLST'), [226, 250]);
        expectThat(listingLines(listing).some((line) => line.endsWith(name)), `NLST over the PORT connection lacks ${name}`, name, show(listing.toString('latin1')));
      });
    },
  }),
]);
