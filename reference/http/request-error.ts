/** A request the reference refuses: answered with `status`, then the connection is closed. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'RequestError';
  }
}
