import type net from 'node:net';

/** Reply octets a session may leave queued in memory before it waits for the client to read. */
export const writeBacklogCap = 1024 * 1024;

/**
 * Waits while more than `writeBacklogCap` octets of replies are queued for a client that is
 * not reading them, so that a client pipelining commands whose answers are large (FETCH 1:*
 * BODY[], RETR) fills the kernel's buffers and then waits, instead of filling our memory.
 * Resolves at once when the backlog is small, and when the socket closes (the idle timeout
 * closes a client that never reads again).
 */
export async function writeBacklogDrained(socket: net.Socket): Promise<void> {
  if (socket.destroyed || socket.writableLength <= writeBacklogCap) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
