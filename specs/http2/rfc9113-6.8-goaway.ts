import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { errorCode } from './arbitraries.ts';
import { ErrorCode, frames } from './frame.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.8', title: 'GOAWAY' };

export default section(citation, [
  connectionErrorRule({
    slug: 'goaway-on-a-stream',
    title: 'GOAWAY on a stream other than 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'GOAWAY with generated fields on a generated non-zero stream',
    input: fc.record({ streamId: fc.integer({ min: 1, max: 2 ** 31 - 1 }), code: errorCode() }),
    maxRuns: 10,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { streamId, code }) => {
      await client.send({ ...frames.goaway(0, code), streamId });
    },
  }),
]);
