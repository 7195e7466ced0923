import type { ServerFactory } from '../../harness/core/suite.ts';
import { startServent } from './servent.ts';

export const servers: Record<string, ServerFactory> = {
  gnutella: { start: (options) => startServent(options) },
};
