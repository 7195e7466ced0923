import { NoReply } from '../../harness/core/errors.ts';
import { Flag, FrameType } from './frame.ts';
import type { H2Client } from './h2-client.ts';

/** How long to keep listening, once the expected DATA is in, for DATA beyond the window. */
const settleMs = 80;

/**
 * Counts the flow-controlled octets (whole DATA payloads, padding included, §6.1) the server
 * sends on `streamId`, sending no WINDOW_UPDATE. Returns once the stream ends, or `settleMs`
 * after `atLeast` octets arrived; fails by timeout if fewer arrive.
 */
export async function dataReceivedOn(client: H2Client, streamId: number, atLeast: number): Promise<number> {
  let total = 0;
  let settleUntil: number | undefined;
  for (;;) {
    if (settleUntil === undefined && total >= atLeast) settleUntil = Date.now() + settleMs;
    const left = settleUntil === undefined ? undefined : settleUntil - Date.now();
    if (left !== undefined && left <= 0) return total;
    let frame;
    try {
      frame = await client.readFrame(`DATA on stream ${streamId}`, left);
    } catch (error) {
      if (settleUntil !== undefined && error instanceof NoReply) return total;
      throw error;
    }
    if (frame.type === FrameType.DATA && frame.streamId === streamId) {
      total += frame.payload.length;
      if ((frame.flags & Flag.END_STREAM) !== 0) return total;
    } else {
      await client.serviceFrame(frame);
    }
  }
}
