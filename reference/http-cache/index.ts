import type { ServerFactory } from '../../harness/core/suite.ts';
import { startCachingProxy } from './caching-proxy.ts';

export { type CachingProxyOptions, startCachingProxy } from './caching-proxy.ts';
export type { ProxyFault } from './faults.ts';

/** The reference server of each suite this folder implements, by suite name. */
export const servers: Record<string, ServerFactory> = {
  'http-cache': { start: (options) => startCachingProxy(options) },
};
