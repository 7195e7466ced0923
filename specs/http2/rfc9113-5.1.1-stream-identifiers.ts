import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { ErrorCode, frames } from './frame.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '5.1.1', title: 'Stream Identifiers' };

export default section(citation, [
  connectionErrorRule({
    slug: 'even-stream-from-client',
    title: 'A request on an even-numbered stream (reserved for the server) is a connection error of type PROTOCOL_ERROR',
    sends: 'a GET on a generated even stream identifier',
    input: fc.integer({ min: 1, max: 2 ** 30 - 1 }).map((n) => 2 * n),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, streamId) => {
      await client.send(frames.headers(streamId, client.encoder.encode(client.requestFields()), { endStream: true }));
    },
  }),
  connectionErrorRule({
    slug: 'stream-identifier-decreases',
    title: 'Opening a stream with a lower identifier than one already opened is a connection error of type PROTOCOL_ERROR',
    sends: 'a GET on stream n, answered, then a GET on a lower odd stream',
    input: fc.integer({ min: 1, max: 500 }).chain((high) => fc.tuple(fc.constant(2 * high + 1), fc.integer({ min: 0, max: high - 1 }).map((n) => 2 * n + 1))),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, [high, low]) => {
      await client.request(high, client.requestFields());
      await client.readResponse(high);
      await client.request(low, client.requestFields());
    },
  }),
]);
