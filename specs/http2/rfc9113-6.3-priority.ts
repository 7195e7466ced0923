import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { clientStreamId, wrongLength } from './arbitraries.ts';
import { ErrorCode, FrameType, frames } from './frame.ts';
import { connectionErrorRule, stillWorkingRule, streamErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.3', title: 'PRIORITY' };

const priorityFields = fc.record({ dependency: fc.integer({ min: 0, max: 2 ** 31 - 1 }), weight: fc.integer({ min: 0, max: 255 }), exclusive: fc.boolean() });

export default section(citation, [
  connectionErrorRule({
    slug: 'priority-on-stream-zero',
    title: 'PRIORITY on stream 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'a PRIORITY frame with generated fields on stream 0',
    input: priorityFields,
    maxRuns: 10,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, fields) => {
      await client.send(frames.priority(0, fields));
    },
  }),
  streamErrorRule({
    slug: 'priority-wrong-length',
    title: 'A PRIORITY frame whose length is not 5 is a stream error of type FRAME_SIZE_ERROR',
    sends: 'PRIORITY of a generated length other than 5 on an idle stream',
    input: fc.record({ length: wrongLength(5, 16), streamId: clientStreamId(1, 999) }),
    maxRuns: 15,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, { length, streamId }) => {
      await client.send({ type: FrameType.PRIORITY, flags: 0, streamId, payload: Buffer.alloc(length) });
      return streamId;
    },
  }),
  stillWorkingRule({
    slug: 'priority-in-any-stream-state',
    title: 'PRIORITY is accepted on idle and on closed streams; the connection goes on',
    sends: 'a GET, then PRIORITY on that closed stream and on a generated idle stream',
    input: fc.record({ idle: clientStreamId(5, 2 ** 31 - 1), fields: priorityFields }),
    maxRuns: 15,
    provoke: async (client, { idle, fields }) => {
      const closed = client.newStreamId();
      await client.request(closed, client.requestFields());
      await client.readResponse(closed);
      const safe = (stream: number): typeof fields => ({ ...fields, dependency: fields.dependency === stream ? 0 : fields.dependency });
      await client.send(frames.priority(closed, safe(closed)), frames.priority(idle, safe(idle)));
    },
  }),
]);
