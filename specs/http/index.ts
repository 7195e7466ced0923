import type { SuiteSpec } from '../../harness/core/suite.ts';
import rfc9112_2_2 from './rfc9112-2.2-message-parsing.ts';
import rfc9112_3 from './rfc9112-3-request-line.ts';
import rfc9112_3_2 from './rfc9112-3.2-request-target.ts';
import rfc9112_3_2_2 from './rfc9112-3.2.2-absolute-form.ts';
import rfc9112_4 from './rfc9112-4-status-line.ts';
import rfc9112_5_1 from './rfc9112-5.1-field-line-parsing.ts';
import rfc9112_5_2 from './rfc9112-5.2-obsolete-line-folding.ts';
import rfc9112_6_1 from './rfc9112-6.1-transfer-encoding.ts';
import rfc9112_6_2 from './rfc9112-6.2-content-length.ts';
import rfc9112_6_3 from './rfc9112-6.3-message-body-length.ts';
import rfc9112_7_1 from './rfc9112-7.1-chunked-transfer-coding.ts';
import rfc9112_7_1_1 from './rfc9112-7.1.1-chunk-extensions.ts';
import rfc9112_9_3 from './rfc9112-9.3-persistence.ts';
import rfc9112_9_3_2 from './rfc9112-9.3.2-pipelining.ts';
import rfc9112_9_6 from './rfc9112-9.6-tear-down.ts';
import rfc9110_5_3 from './rfc9110-5.3-field-order.ts';
import rfc9110_5_4 from './rfc9110-5.4-field-limits.ts';
import rfc9110_5_5 from './rfc9110-5.5-field-values.ts';
import rfc9110_5_6_7 from './rfc9110-5.6.7-date-time-formats.ts';
import rfc9110_6_2 from './rfc9110-6.2-control-data.ts';
import rfc9110_6_6_1 from './rfc9110-6.6.1-date.ts';
import rfc9110_8_3 from './rfc9110-8.3-content-type.ts';
import rfc9110_8_6 from './rfc9110-8.6-content-length.ts';
import rfc9110_8_8_2_1 from './rfc9110-8.8.2.1-last-modified-generation.ts';
import rfc9110_8_8_3 from './rfc9110-8.8.3-etag.ts';
import rfc9110_8_8_3_1 from './rfc9110-8.8.3.1-etag-generation.ts';
import rfc9110_9_1 from './rfc9110-9.1-methods-overview.ts';
import rfc9110_9_3_2 from './rfc9110-9.3.2-head.ts';
import rfc9110_9_3_3 from './rfc9110-9.3.3-post.ts';
import rfc9110_9_3_4 from './rfc9110-9.3.4-put.ts';
import rfc9110_13_1_2 from './rfc9110-13.1.2-if-none-match.ts';
import rfc9110_13_1_3 from './rfc9110-13.1.3-if-modified-since.ts';
import rfc9110_15_4_2 from './rfc9110-15.4.2-moved-permanently.ts';
import rfc9110_15_4_5 from './rfc9110-15.4.5-not-modified.ts';
import rfc9110_15_5_5 from './rfc9110-15.5.5-not-found.ts';
import rfc9110_15_5_6 from './rfc9110-15.5.6-method-not-allowed.ts';
import rfc9110_15_6_6 from './rfc9110-15.6.6-version-not-supported.ts';
import rfc9110_17_3 from './rfc9110-17.3-path-names.ts';
import rfc6265_4_1_1 from './rfc6265-4.1.1-set-cookie-syntax.ts';
import rfc6265_4_2_2 from './rfc6265-4.2.2-cookie-semantics.ts';

/**
 * The HTTP/1.1 origin-server suite: message syntax and framing (RFC 9112), semantics (RFC 9110)
 * and the server side of cookies (RFC 6265), in the order of each RFC's table of contents.
 */
export const suites: SuiteSpec[] = [
  {
    name: 'http',
    title: 'HTTP/1.1 origin server (RFC 9110, RFC 9112, RFC 6265 server side)',
    transport: 'tcp',
    rules: [
      ...rfc9112_2_2,
      ...rfc9112_3,
      ...rfc9112_3_2,
      ...rfc9112_3_2_2,
      ...rfc9112_4,
      ...rfc9112_5_1,
      ...rfc9112_5_2,
      ...rfc9112_6_1,
      ...rfc9112_6_2,
      ...rfc9112_6_3,
      ...rfc9112_7_1,
      ...rfc9112_7_1_1,
      ...rfc9112_9_3,
      ...rfc9112_9_3_2,
      ...rfc9112_9_6,
      ...rfc9110_5_3,
      ...rfc9110_5_4,
      ...rfc9110_5_5,
      ...rfc9110_5_6_7,
      ...rfc9110_6_2,
      ...rfc9110_6_6_1,
      ...rfc9110_8_3,
      ...rfc9110_8_6,
      ...rfc9110_8_8_2_1,
      ...rfc9110_8_8_3,
      ...rfc9110_8_8_3_1,
      ...rfc9110_9_1,
      ...rfc9110_9_3_2,
      ...rfc9110_9_3_3,
      ...rfc9110_9_3_4,
      ...rfc9110_13_1_2,
      ...rfc9110_13_1_3,
      ...rfc9110_15_4_2,
      ...rfc9110_15_4_5,
      ...rfc9110_15_5_5,
      ...rfc9110_15_5_6,
      ...rfc9110_15_6_6,
      ...rfc9110_17_3,
      ...rfc6265_4_1_1,
      ...rfc6265_4_2_2,
    ],
    fixtures: 'http',
  },
];
