import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl, describeReply } from './control-connection.ts';

/**
 * RFC 2577 §3: so that a server cannot be used to reach third parties (the bounce attack), it
 * should refuse PORT and EPRT naming an address other than the client's, and should refuse
 * ports below 1024. The harness connects from 127.0.0.1 and names 127.0.0.2–127.0.0.254.
 */

const citation = { suite: 'ftp', rfc: 'RFC 2577', section: '3', title: 'Protecting against the bounce attack' };

async function expectRefused(control: FtpControl, command: string, why: string): Promise<void> {
  const reply = await control.command(command);
  expectThat(reply.code >= 400, `${command} (${why}) was accepted`, 'a 4yz or 5yz refusal (e.g. 500, 504)', describeReply(reply));
}

const foreignHost = fc.integer({ min: 2, max: 254 });
const highPort = fc.integer({ min: 1024, max: 65535 });

export default section(citation, [
  rule({
    slug: 'port-foreign-address-refused',
    level: 'SHOULD',
    title: "PORT naming an address other than the client's is refused",
    sends: 'log in from 127.0.0.1, PORT 127,0,0,n,p1,p2 with n ≠ 1',
    input: fc.tuple(foreignHost, highPort),
    maxRuns: 6,
    check: async (io, [host, port]) => {
      const control = await FtpControl.loggedIn(io);
      await expectRefused(control, `PORT 127,0,0,${host},${port >> 8},${port & 255}`, "another host than the client's");
    },
  }),
  rule({
    slug: 'port-privileged-refused',
    level: 'SHOULD',
    title: 'PORT naming a port below 1024 is refused, even on the client\'s own address',
    sends: 'log in, PORT 127,0,0,1 with a port 1–1023',
    input: fc.integer({ min: 1, max: 1023 }),
    maxRuns: 6,
    check: async (io, port) => {
      const control = await FtpControl.loggedIn(io);
      await expectRefused(control, `PORT 127,0,0,1,${port >> 8},${port & 255}`, 'a privileged port');
    },
  }),
  rule({
    slug: 'eprt-foreign-address-refused',
    level: 'SHOULD',
    title: "EPRT naming an address other than the client's is refused",
    sends: 'log in from 127.0.0.1, EPRT |1|127.0.0.n|port| with n ≠ 1',
    input: fc.tuple(foreignHost, highPort),
    maxRuns: 6,
    check: async (io, [host, port]) => {
      const control = await FtpControl.loggedIn(io);
      await expectRefused(control, `EPRT |1|127.0.0.${host}|${port}|`, "another host than the client's");
    },
  }),
]);
