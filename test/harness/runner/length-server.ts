import { scriptedServer } from '../../support/scripted-server.ts';

/** A target that answers each line it receives with the line's length, so rules can be written against it. */
export function lengthServer(): ReturnType<typeof scriptedServer> {
  return scriptedServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        socket.write(`${end}\n`);
        buffered = buffered.slice(end + 1);
      }
    });
  });
}
