import net from 'node:net';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { RunIO } from '../../harness/runner/run-io.ts';
import { defaultWireLimits } from '../../harness/wire/limits.ts';
import { FtpControl } from '../../specs/ftp/control-connection.ts';
import type { ServerFactory } from '../../harness/core/suite.ts';
import { row, type SecurityRow, startReference } from './corpus.ts';

/**
 * FTP: PORT and EPRT naming a host other than the client's are refused (the bounce attack,
 * RFC 2577 §3). The client is 127.0.0.1; the third parties are other loopback addresses, each
 * with a listener of the harness, so a server that obeys is caught both by its 200 and by the
 * connection it opens. Ports: the listener's own and a few well-known service ports. Tried by
 * a user and by the anonymous account.
 */

const thirdParties = ['127.0.0.2', '127.0.0.3', '127.1.2.3', '::1'];
const servicePorts = [25, 80, 6667];

interface Listener {
  host: string;
  port: number;
  connections: number;
  server: net.Server;
}

async function listen(host: string): Promise<Listener> {
  const listener: Listener = { host, port: 0, connections: 0, server: net.createServer() };
  listener.server.on('connection', (socket) => {
    listener.connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    listener.server.once('error', reject);
    listener.server.listen(0, host, () => resolve());
  });
  listener.port = (listener.server.address() as net.AddressInfo).port;
  return listener;
}

function commandsFor(host: string, port: number): string[] {
  const eprt = net.isIPv6(host) ? `EPRT |2|${host}|${port}|` : `EPRT |1|${host}|${port}|`;
  if (net.isIPv6(host)) return [eprt];
  return [`PORT ${host.split('.').join(',')},${port >> 8},${port & 0xff}`, eprt];
}

export async function checkFtpBounce(planted?: ServerFactory): Promise<SecurityRow> {
  const server = await startReference('ftp', 'ftp', fixturesDir, planted);
  const listeners = await Promise.all(thirdParties.map(listen));
  const io = new RunIO(server.endpoint, {}, { fixturesDir }, { ...defaultWireLimits, readTimeoutMs: 10_000 }, new AbortController().signal);
  const breaches: string[] = [];
  let attempts = 0;
  try {
    for (const who of [{ user: 'alice', pass: 'wonderland' }, { user: 'anonymous', pass: 'guest@rfcheck.test' }]) {
      const control = await FtpControl.loggedIn(io, who);
      for (const listener of listeners) {
        for (const port of [listener.port, ...servicePorts]) {
          for (const command of commandsFor(listener.host, port)) {
            attempts += 1;
            const reply = await control.command(command);
            if (reply.code >= 200 && reply.code < 300) {
              breaches.push(`${who.user}: ${command} -> ${reply.code} ${reply.text}`);
              // Let a server that accepted show whether it really connects.
              await control.command('LIST');
            }
          }
        }
      }
      control.connection.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const listener of listeners) {
      if (listener.connections > 0) breaches.push(`the server connected ${listener.connections} time(s) to the third party ${listener.host}:${listener.port}`);
    }
  } finally {
    io.dispose();
    await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve()))));
    await server.close();
  }
  return row('ftp: no PORT/EPRT to a third party', attempts, breaches);
}
