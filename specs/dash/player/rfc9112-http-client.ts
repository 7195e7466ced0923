import { expectThat } from '../../../harness/core/expect.ts';
import { section } from '../../../harness/core/rule.ts';
import { requireMedia, sessionRule } from './session.ts';

/**
 * The player as an HTTP/1.1 client (RFC 9112): every request line is `GET <origin-form>
 * HTTP/1.1` with a Host header naming the server (§3, §3.2); and since the harness keeps every
 * connection open, a player that supports persistence (§9.3) sends its requests on a
 * connection it already has rather than opening one per segment.
 */

const requestTarget = { suite: 'dash-player', rfc: 'RFC 9112', section: '3.2', title: 'Request Target' };
const persistence = { suite: 'dash-player', rfc: 'RFC 9112', section: '9.3', title: 'Persistence' };

export const requestRules = section(requestTarget, [
  sessionRule({
    slug: 'host-and-request-line',
    level: 'MUST',
    title: 'Every request has an HTTP/1.1 request line with an origin-form target and a Host header naming the server\'s host and port',
    sends: 'serves the session over HTTP/1.1',
    judge: (io, session) => {
      requireMedia(session);
      const authority = new URL(session.mpdUrl).host;
      for (const request of session.requests) {
        expectThat(request.version === 'HTTP/1.1' && request.target.startsWith('/'), `request line ${JSON.stringify(`${request.method} ${request.target} ${request.version}`)}`, 'GET /<path> HTTP/1.1', `${request.method} ${request.target} ${request.version}`);
        expectThat(request.host === authority, `the request for ${request.target} carried ${request.host === undefined ? 'no Host header' : `Host: ${request.host}`}`, `Host: ${authority}`, request.host ?? '(none)');
      }
    },
  }),
]);

export const persistenceRules = section(persistence, [
  sessionRule({
    slug: 'reuses-connection',
    level: 'SHOULD',
    title: 'The player reuses its open connections: it opens fewer connections than half its requests when the server keeps them open',
    sends: 'serves every response with Content-Length and keeps the connection open',
    judge: (io, session) => {
      requireMedia(session);
      const connections = new Set(session.requests.map((r) => r.connection)).size;
      const allowed = Math.ceil(session.requests.length / 2);
      expectThat(connections < allowed, `the player opened ${connections} connections for ${session.requests.length} requests`, `fewer than ${allowed} connections`, String(connections));
    },
  }),
]);
