/**
 * An error that stands for an answer the server sends (BAD, NO, -ERR) or for the end of a
 * session, never for a bug: it is caught and put on the wire, and its stack is never shown.
 * So it records no stack trace: capturing one for every refused command cost the fuzzed IMAP
 * reference about a sixth of its CPU.
 */
export class AnsweredError extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = new.target.name;
  }
}
