import type { ServerFactory } from '../../harness/core/suite.ts';
import { startDashPlayer } from './player/control-server.ts';
import { startCdn } from './cdn-redirector.ts';
import { startDashServer } from './dash-server.ts';

/** The reference of each suite this folder implements, by suite name. */
export const servers: Record<string, ServerFactory> = {
  'dash-player': { start: (options) => startDashPlayer(options) },
  dash: { start: (options) => startDashServer(options) },
  'dash-cdn': { start: (options) => startCdn(options) },
};
