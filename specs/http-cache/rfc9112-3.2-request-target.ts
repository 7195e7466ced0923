import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { exchange } from '../http/requests.ts';
import { responseBody } from './arbitraries.ts';
import { originEndpoint, withOrigin } from './controllable-origin.ts';

/**
 * RFC 9112 §3.2.1: a request sent straight to an origin server carries the origin-form target
 * (path and query). Checked in forward-proxy mode: the client names the origin in an
 * absolute-form target, and the proxy must rewrite it before passing it on. A cache that is no
 * forward proxy says so with an error, and the rule does not apply.
 */

const citation = { suite: 'http-cache', rfc: 'RFC 9112', section: '3.2.1', title: 'origin-form' };

export default section(citation, [
  rule({
    slug: 'origin-form-to-origin',
    level: 'MUST',
    title: 'An absolute-form request forwarded to the origin it names arrives there in origin-form',
    sends: `GET http://${originEndpoint.host}:${originEndpoint.port}/… (absolute-form, forward-proxy style)`,
    input: responseBody(),
    maxRuns: 3,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('forward?q=1');
        const authority = `${originEndpoint.host}:${originEndpoint.port}`;
        origin.script(path, { fields: [['Cache-Control', 'no-store']], body });
        const response = await exchange(io, { target: `http://${authority}${path}`, host: authority });
        const received = origin.requests(path)[0];
        if (!received && response.status >= 400) io.notApplicable(`the cache answered an absolute-form request with ${response.status}: not a forward proxy`);
        expectEqual('request-target the origin received', received?.target, path);
      }),
  }),
]);
