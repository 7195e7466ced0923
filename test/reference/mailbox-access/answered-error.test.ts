import { describe, expect, it } from 'vitest';
import { AnsweredError } from '../../../reference/mailbox-access/answered-error.ts';
import { Bad, No } from '../../../reference/mailbox-access/imap/imap-session.ts';
import { ClientGone } from '../../../reference/mailbox-access/socket-reader.ts';

describe('AnsweredError', () => {
  it('records no stack frames, keeps its class name and message, and leaves the stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    for (const error of [new Bad('b'), new No('n'), new ClientGone('c')]) {
      expect(error).toBeInstanceOf(AnsweredError);
      expect(error).toBeInstanceOf(Error);
      expect(error.stack ?? '').not.toMatch(/\n\s+at /);
    }
    expect(new No('no such mailbox').stack).toMatch(/^No: no such mailbox/);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('ordinary').stack).toMatch(/\n\s+at /);
  });
});
