import { cp, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { AccountBook } from './accounts.ts';
import { defaultCommands } from './command-table.ts';
import type { CommandTable } from './commands/command-handler.ts';
import { type DataPortPolicy, type ServerLimits, Session, defaultServerLimits, rfc2577DataPortPolicy } from './session.ts';

/**
 * The reference FTP server (RFC 959, RFC 2428, RFC 3659's SIZE/MDTM/MLSx/REST). At start it
 * copies each account's home from fixtures/ftp/tree into a temporary folder, which it serves
 * and removes on close; the fixtures themselves are never written.
 */
export interface FtpServerCustomization {
  /** Handlers that replace the reference's: the narrow hook the planted-bug servers use. */
  commands?: CommandTable;
  limits?: Partial<ServerLimits>;
  dataPorts?: DataPortPolicy;
}

export async function startFtpServer(options: ServerStartOptions, customization: FtpServerCustomization = {}): Promise<RunningServer> {
  const fixtureFolder = path.join(options.fixturesDir, 'ftp');
  const accounts = await AccountBook.load(fixtureFolder);
  const workRoot = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-ftp-'));
  try {
    for (const home of accounts.homes) {
      await cp(path.join(fixtureFolder, 'tree', home), path.join(workRoot, home), { recursive: true, verbatimSymlinks: true });
    }
  } catch (error) {
    await rm(workRoot, { recursive: true, force: true });
    throw error;
  }

  const sessions = new Set<Session>();
  const context = {
    accounts,
    rootOf: (account: { home: string }) => path.join(workRoot, account.home),
    limits: { ...defaultServerLimits, ...customization.limits },
    dataPorts: customization.dataPorts ?? rfc2577DataPortPolicy,
    commands: { ...defaultCommands, ...customization.commands },
    busyFiles: new Set<string>(),
  };
  const server = net.createServer((socket) => {
    const session = new Session(socket, context);
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    endpoint: { host: options.host, port: address.port },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.end();
      await closed;
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}
