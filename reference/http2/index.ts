import type { ServerFactory } from '../../harness/core/suite.ts';
import { startHttp2Server } from './server.ts';

/** The reference server of each suite this folder implements, by suite name. */
export const servers: Record<string, ServerFactory> = {
  http2: { start: startHttp2Server },
};
