import type { ServerFactory } from '../../harness/core/suite.ts';
import { startAuthoritativeServer } from './authoritative-server.ts';
import { startResolverServer } from './resolver-server.ts';

export const servers: Record<string, ServerFactory> = {
  'dns-auth': { start: (options) => startAuthoritativeServer(options) },
  'dns-resolver': { start: (options) => startResolverServer(options) },
};
