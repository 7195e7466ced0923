import fc from 'fast-check';
import { expectThat, show } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ActiveListener } from './active-mode.ts';
import { eprtDelimiter, fileName } from './arbitraries.ts';
import { type FtpControl, expectReplyCode, isPreliminary } from './control-connection.ts';
import { dataCap, listingLines, put, scratchSession } from './transfers.ts';

/**
 * RFC 2428 §2: EPRT <d>proto<d>address<d>port<d> names the data port for any network protocol
 * (1 = IPv4, 2 = IPv6). The delimiter may be any ASCII character from 33 to 126; a protocol
 * the server does not support draws 522.
 */

const citation = { suite: 'ftp', rfc: 'RFC 2428', section: '2', title: 'The EPRT command' };

/** EPRT to a harness listener, then NLST over it; the file must be listed. */
async function listOverEprt(control: FtpControl, delimiter: string, name: string): Promise<void> {
  await ActiveListener.with(control.io, async (listener) => {
    const d = delimiter;
    expectReplyCode(`EPRT with delimiter ${show(d)}`, await control.command(`EPRT ${d}1${d}127.0.0.1${d}${listener.port}${d}`), [200]);
    const opening = await control.command('NLST');
    expectThat(isPreliminary(opening), `NLST after EPRT opened no transfer (${opening.code})`);
    const listing = await listener.readToEnd(await listener.accept(), dataCap);
    expectReplyCode('the final reply to NLST', await control.reply('the final reply to NLST'), [226, 250]);
    expectThat(listingLines(listing).some((line) => line.endsWith(name)), `NLST over the EPRT connection lacks ${name}`, name, show(listing.toString('latin1')));
  });
}

export default section(citation, [
  rule({
    slug: 'eprt-ipv4-server-connects',
    level: 'MUST',
    title: 'EPRT |1|address|port| is accepted with 200 and the server connects there for the next transfer',
    sends: 'log in, store a file, EPRT |1|127.0.0.1|port| to a harness listener, NLST',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('x'));
      await listOverEprt(control, '|', name);
    },
  }),
  rule({
    slug: 'eprt-any-delimiter',
    level: 'MUST',
    title: 'EPRT works with any delimiter from ASCII 33–126, not only "|"',
    sends: 'log in, store a file, EPRT with a generated delimiter, NLST',
    input: fc.tuple(eprtDelimiter().filter((d) => d !== '|'), fileName()),
    maxRuns: 8,
    check: async (io, [delimiter, name]) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('x'));
      await listOverEprt(control, delimiter, name);
    },
  }),
  rule({
    slug: 'eprt-unknown-protocol-522',
    level: 'MUST',
    title: 'EPRT with a network protocol number the server does not support is answered 522',
    sends: 'log in, EPRT with protocol 3–99',
    input: fc.integer({ min: 3, max: 99 }),
    maxRuns: 5,
    check: async (io, protocol) => {
      const control = await scratchSession(io);
      await control.expect(`EPRT |${protocol}|127.0.0.1|40000|`, [522], 'unsupported network protocol');
    },
  }),
]);
