import type { ServerFactory } from '../../harness/core/suite.ts';
import { startFixturePeer } from './peer-server.ts';
import { startTracker } from './tracker-server.ts';

export const servers: Record<string, ServerFactory> = {
  'bittorrent-tracker': { start: (options) => startTracker(options) },
  'bittorrent-peer': { start: (options) => startFixturePeer(options) },
};
