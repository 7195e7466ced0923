import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer, ServerFactory, ServerStartOptions } from '../../harness/core/suite.ts';
import { type SmtpServerOptions, startSmtpServer } from './smtp-server.ts';

export { type RunningSmtpServer, type SmtpServerOptions, defaultMailDomain, startSmtpServer } from './smtp-server.ts';
export { type FinalReply, type OutgoingMail, sendMail } from './smtp-client.ts';

/**
 * The reference as a suite target: delivers into a fresh temporary store (never into fixtures/),
 * removed when the server closes. `extra` lets planted-bug servers reuse this.
 */
export async function startWithTemporaryStore(
  options: ServerStartOptions,
  extra: Partial<SmtpServerOptions> = {},
): Promise<RunningServer> {
  const storeRoot = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-smtp-store-'));
  try {
    const domain = options.suiteOptions?.mailDomain;
    const server = await startSmtpServer({ host: options.host, port: options.port, storeRoot, fixturesDir: options.fixturesDir, ...(domain ? { domain } : {}), ...extra });
    return {
      endpoint: server.endpoint,
      close: async () => {
        await server.close();
        await rm(storeRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(storeRoot, { recursive: true, force: true });
    throw error;
  }
}

export const servers: Record<string, ServerFactory> = {
  smtp: { start: (options) => startWithTemporaryStore(options) },
};
