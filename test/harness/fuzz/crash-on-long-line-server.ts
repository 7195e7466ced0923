import net from 'node:net';

/**
 * A planted crash for the fuzz tests: an uppercase echo server (the echo-tcp contract) that
 * exits with status 3 when a line longer than 2000 bytes arrives. Run: node --import tsx this {port}.
 */
const limit = 2000;
const port = Number(process.argv[2]);
const server = net.createServer((socket) => {
  let received = Buffer.alloc(0);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf(0x0a);
    // The planted crash: the whole process dies with status 3.
    if ((end < 0 ? received.length : end) > limit) crash(3);
    if (end >= 0) socket.end(received.subarray(0, end + 1).toString('latin1').toUpperCase());
  });
  socket.on('end', () => socket.end(received.toString('latin1').toUpperCase()));
});
server.listen(port, '127.0.0.1');

function crash(status: number): never {
  const leave = process.exit.bind(process);
  return leave(status);
}
