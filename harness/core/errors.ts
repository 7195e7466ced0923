/**
 * The outcomes a check can throw, and how each maps to a verdict.
 *
 * - ProtocolViolation (and its kinds NoReply, ReplyTooLarge, ConnectionClosed): the target did
 *   something the rule forbids, or failed to do what it requires → the rule FAILS.
 * - TargetUnreachable: the harness could not talk to the target at all → verdict ERROR.
 * - RuleNotApplicable: the target lacks what the rule is about (a capability, a fixture) → SKIP.
 * - UsageError: bad flags, files or reports given to rfcheck → one-line message, exit 2.
 */

export interface ViolationDetail {
  expected?: string;
  actual?: string;
}

export class ProtocolViolation extends Error {
  readonly expected?: string;
  readonly actual?: string;
  constructor(message: string, detail: ViolationDetail = {}) {
    super(message);
    this.name = 'ProtocolViolation';
    this.expected = detail.expected;
    this.actual = detail.actual;
  }
}

/** The target sent nothing (or not enough) before the read deadline. */
export class NoReply extends ProtocolViolation {
  constructor(waitingFor: string, timeoutMs: number) {
    super(`no ${waitingFor} within ${timeoutMs} ms`, { expected: waitingFor, actual: 'silence' });
    this.name = 'NoReply';
  }
}

/** The target sent more bytes than the read's cap allows. */
export class ReplyTooLarge extends ProtocolViolation {
  constructor(waitingFor: string, capBytes: number) {
    super(`${waitingFor} exceeded the ${capBytes}-byte cap`, {
      expected: `${waitingFor} of at most ${capBytes} bytes`,
      actual: `more than ${capBytes} bytes`,
    });
    this.name = 'ReplyTooLarge';
  }
}

/** The target closed (or reset) the connection before sending what was awaited. */
export class ConnectionClosed extends ProtocolViolation {
  constructor(waitingFor: string, how: 'closed' | 'reset' = 'closed') {
    super(`connection ${how} by the target while waiting for ${waitingFor}`, {
      expected: waitingFor,
      actual: `connection ${how}`,
    });
    this.name = 'ConnectionClosed';
  }
}

export class TargetUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnreachable';
  }
}

export class RuleNotApplicable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RuleNotApplicable';
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
