import type { ServerFactory } from '../../harness/core/suite.ts';
import { startHttpServer } from './server.ts';

export { type HttpServerOptions, fixtureDocroot, startHttpServer, startHttpServerOnDocroot } from './server.ts';
export type { ReferenceHooks } from './connection.ts';

/** The reference server of each suite this folder implements, by suite name. */
export const servers: Record<string, ServerFactory> = {
  http: { start: (options) => startHttpServer(options) },
};
export type { HttpRequest } from './request-reader.ts';
export type { HttpResponse } from './response.ts';
export { readChunkSize } from './chunked-decoder.ts';
