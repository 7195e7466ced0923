import type net from 'node:net';

/**
 * Starts `server` (net, http or https) listening on host:port, port 0 meaning any free one, and
 * returns the port it got. A failure to bind (the port taken, the address missing) rejects,
 * and leaves no listener of ours on the server.
 */
export async function listenOn(server: net.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}
