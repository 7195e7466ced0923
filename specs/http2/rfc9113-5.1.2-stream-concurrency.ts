import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { ErrorCode, Setting, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '5.1.2', title: 'Stream Concurrency' };

/** Announced limits above this are not probed: opening that many streams costs more than it proves. */
const largestProbedLimit = 256;

export default section(citation, [
  rule({
    slug: 'concurrent-stream-limit-enforced',
    level: 'MUST',
    title: 'A HEADERS that exceeds the announced SETTINGS_MAX_CONCURRENT_STREAMS is refused with PROTOCOL_ERROR or REFUSED_STREAM',
    sends: 'as many open requests (no END_STREAM) as the server allows, then one more',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, huffman) => {
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, 0]] });
      const limit = client.serverSetting(Setting.MAX_CONCURRENT_STREAMS, Number.POSITIVE_INFINITY);
      if (limit > largestProbedLimit) io.notApplicable(`the server allows ${limit} concurrent streams (more than ${largestProbedLimit} are not probed)`);
      const opened = Array.from({ length: limit }, () => client.newStreamId());
      const extra = client.newStreamId();
      await client.send(...[...opened, extra].map((id) => frames.headers(id, client.encoder.encode(client.requestFields(), { huffman }), { endStream: false })));
      await client.expectStreamError(extra, [ErrorCode.PROTOCOL_ERROR, ErrorCode.REFUSED_STREAM], `stream ${limit + 1} beyond the limit of ${limit}`);
    },
  }),
]);
