import { once } from 'node:events';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { AccountBook } from './accounts.ts';
import { defaultCommands } from './command-table.ts';
import type { CommandTable } from './commands/command-handler.ts';
import { StorageQuota } from './storage-quota.ts';
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
  const limits = { ...defaultServerLimits, ...customization.limits };
  const workRoot = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-ftp-'));
  const quotas = new Map<string, StorageQuota>();
  try {
    for (const home of accounts.homes) {
      const root = path.join(workRoot, home);
      await cp(path.join(fixtureFolder, 'tree', home), root, { recursive: true, verbatimSymlinks: true });
      quotas.set(home, await StorageQuota.measure(root, limits.maxAccountEntries, limits.maxAccountBytes));
    }
  } catch (error) {
    await rm(workRoot, { recursive: true, force: true });
    throw error;
  }

  const sessions = new Set<Session>();
  const context = {
    accounts,
    rootOf: (account: { home: string }) => path.join(workRoot, account.home),
    quotaOf: (account: { home: string }) => quotas.get(account.home) as StorageQuota,
    limits,
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
  try {
    server.listen(options.port, options.host);
    await once(server, 'listening');
  } catch (error) {
    // A port already taken: the copied tree goes too.
    await rm(workRoot, { recursive: true, force: true });
    throw error;
  }
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
