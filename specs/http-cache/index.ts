import type { SuiteSpec } from '../../harness/core/suite.ts';
import { connection, via } from './rfc9110-7.6-message-forwarding.ts';
import { authenticated, storingFields, updatingFields } from './rfc9111-3-storing-responses.ts';
import constructing from './rfc9111-4-constructing-responses.ts';
import vary from './rfc9111-4.1-vary.ts';
import { age, freshness, heuristic } from './rfc9111-4.2-freshness.ts';
import { freshening, handlingValidation, sendingValidation } from './rfc9111-4.3-validation.ts';
import invalidation from './rfc9111-4.4-invalidation.ts';
import { requestNoCache, requestNoStore } from './rfc9111-5.2.1-request-directives.ts';
import { mustRevalidate, noCache, noStore, privateDirective, proxyRevalidate, sharedMaxAge } from './rfc9111-5.2.2-response-directives.ts';
import expires from './rfc9111-5.3-expires.ts';
import requestTarget from './rfc9112-3.2-request-target.ts';
import { holdOrigin } from './controllable-origin.ts';

export { originEndpoint } from './controllable-origin.ts';

/**
 * The web cache of the course as a shared HTTP cache (RFC 9111) in front of an origin the
 * harness plays at a fixed loopback endpoint (see fixtures/http-cache/README.md).
 */
export const suites: SuiteSpec[] = [
  {
    name: 'http-cache',
    title: 'Caching proxy (RFC 9111, with RFC 9110 §7.6 forwarding)',
    rfc: 'RFC 9111',
    transport: 'tcp',
    fixtures: 'http-cache',
    typicalSeconds: 6,
    exclusive: 'http-cache-origin-127.0.0.1-48111',
    fuzzCompanion: holdOrigin,
    rules: [
      ...storingFields, ...updatingFields, ...authenticated,
      ...constructing, ...vary,
      ...freshness, ...heuristic, ...age,
      ...sendingValidation, ...handlingValidation, ...freshening, ...invalidation,
      ...requestNoCache, ...requestNoStore,
      ...mustRevalidate, ...noCache, ...noStore, ...privateDirective, ...proxyRevalidate, ...sharedMaxAge,
      ...expires,
      ...connection, ...via, ...requestTarget,
    ],
  },
];
