import type { ServerFactory } from '../../harness/core/suite.ts';
import { startFtpServer } from './ftp-server.ts';

/** The reference server of each suite this folder implements, by suite name. */
export const servers: Record<string, ServerFactory> = {
  ftp: { start: (options) => startFtpServer(options) },
};
