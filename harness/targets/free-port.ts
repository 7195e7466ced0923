import dgram from 'node:dgram';
import net from 'node:net';

/**
 * Finds a loopback port that is free for both TCP and UDP at this moment (a spawned server may
 * bind either). The port is released before returning, so a race with another process is
 * possible but rare; readiness detection then reports the real cause.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (await udpPortFree(host, port)) return port;
  }
  throw new Error('no free loopback port found');
}

function udpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}
