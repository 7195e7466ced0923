import dgram from 'node:dgram';
import net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { uppercaseAscii } from './uppercase.ts';

/** The course's UDPServer: answers each datagram, uppercased, to the address and port it came from. */
export async function startUdpUppercaseServer(options: ServerStartOptions): Promise<RunningServer> {
  const socket = dgram.createSocket({ type: net.isIPv6(options.host) ? 'udp6' : 'udp4' });
  socket.on('message', (data, sender) => {
    socket.send(uppercaseAscii(data), sender.port, sender.address);
  });
  // An ICMP error for a vanished client must not stop the server.
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.removeListener('error', reject);
      resolve();
    });
  });
  return {
    endpoint: { host: options.host, port: socket.address().port },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
