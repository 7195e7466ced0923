import dgram from 'node:dgram';
import net from 'node:net';

/**
 * The course's TCPClient and UDPClient: send one sentence, print the server's answer.
 *   tsx reference/echo/client.ts tcp|udp HOST PORT "a sentence"
 */

export function uppercaseOverUdp(host: string, port: number, message: Buffer, timeoutMs = 2000): Promise<Buffer> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error: Error | undefined, reply?: Buffer): void => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply as Buffer);
    };
    socket.once('message', (reply) => finish(undefined, reply));
    socket.once('error', (error) => finish(error));
    socket.send(message, port, host);
  });
}

export function uppercaseOverTcp(host: string, port: number, message: Buffer, timeoutMs = 2000, capBytes = 1 << 20): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect({ host, port }, () => socket.write(message));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no complete reply within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > capBytes) socket.destroy(new Error(`reply exceeded ${capBytes} bytes`));
      else chunks.push(chunk);
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function main(argv: string[]): Promise<number> {
  const [transport, host, portText, ...words] = argv;
  const port = Number(portText);
  if ((transport !== 'tcp' && transport !== 'udp') || !host || !Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write('usage: client.ts tcp|udp HOST PORT "a sentence"\n');
    return 2;
  }
  const message = Buffer.from(`${words.join(' ')}\n`, 'utf8');
  try {
    const reply = transport === 'udp' ? await uppercaseOverUdp(host, port, message) : await uppercaseOverTcp(host, port, message);
    process.stdout.write(reply);
    return 0;
  } catch (error) {
    process.stderr.write(`client: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
