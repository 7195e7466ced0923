import type { ServerFactory } from '../../harness/core/suite.ts';
import { startTcpUppercaseServer } from './tcp-server.ts';
import { startUdpUppercaseServer } from './udp-server.ts';

/** The reference server of each suite this folder implements, by suite name. */
export const servers: Record<string, ServerFactory> = {
  'echo-tcp': { start: startTcpUppercaseServer },
  'echo-udp': { start: startUdpUppercaseServer },
};
