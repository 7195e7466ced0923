import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { expectEqual, expectOneOf, expectThat, violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { basePage } from './fixture-site.ts';
import { buildRequest, describeRequest, exchange, exchangeRaw } from './requests.ts';
import { type HttpResponseMessage, endsConnection, fieldValue, readResponse } from './response-reader.ts';

/** Checks several rules share: status classes, closing, and framing probes. */

export function expectStatus(what: string, response: HttpResponseMessage, allowed: number[]): void {
  expectOneOf(`status of ${what}`, response.status, allowed);
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/**
 * The server closes the connection after `after` and sends nothing more. To learn that without
 * waiting out a deadline, one more request is sent: a closed connection refuses it at once, an
 * open one answers it (and fails the rule just as fast).
 */
export async function expectClosedAfter(io: RunIO, connection: TcpConnection, after: string): Promise<void> {
  io.step(`expect the connection to close after ${after}; send one more GET to find out`);
  if (!connection.closedByTarget) {
    try {
      await connection.write(buildRequest(io.target, { target: `${basePage}?after-close` }));
    } catch (error) {
      if (error instanceof ConnectionClosed) return;
      throw error;
    }
  }
  try {
    const line = await connection.readLine(`the close of the connection after ${after}`);
    violation(`the server sent more after ${after} instead of closing`, 'connection closed', JSON.stringify(line.text));
  } catch (error) {
    if (error instanceof ConnectionClosed) return;
    if (error instanceof NoReply) violation(`the server kept the connection open after ${after}`, 'connection closed', 'still open');
    throw error;
  }
}

/** Sends `request` on a new connection; the answer must be 400 and the connection then closed. */
export async function expectRefusedAndClosed(io: RunIO, request: Buffer, what: string): Promise<void> {
  const { response, connection } = await exchangeRaw(io, request);
  expectEqual(`status for ${what}`, response.status, 400);
  await expectClosedAfter(io, connection, 'the 400 response');
}

/** Sends `first` and a GET of the base page in one write; returns what came back, in order. */
export async function withProbe(io: RunIO, request: Buffer, options: { head?: boolean } = {}): Promise<{ responses: HttpResponseMessage[]; connection: TcpConnection }> {
  const connection = await io.tcp();
  const probe = buildRequest(io.target, { target: `${basePage}?probe` });
  io.step(`send ${describeRequest(request)} and, in the same write, GET ${basePage}?probe`);
  await connection.write(Buffer.concat([request, probe]));
  const responses = [await readResponse(connection, { head: options.head, what: 'the response to the first request' })];
  io.step(`got ${JSON.stringify(responses[0]?.statusLine)}`);
  const first = responses[0] as HttpResponseMessage;
  if (endsConnection(first)) return { responses, connection };
  try {
    responses.push(await readResponse(connection, { what: `the response to the probe GET ${basePage}` }));
  } catch (error) {
    if (!(error instanceof ConnectionClosed) || connection.pending.length > 0) throw error;
    // A server may close after an error response without saying so; the probe is then moot.
    // After a success, closing unannounced breaks persistence (RFC 9112 §9.3).
    if (first.status >= 400) return { responses, connection };
    violation(`the server closed the connection after a ${first.status} response without announcing close`, 'the pipelined probe answered, or Connection: close', 'closed silently');
  }
  io.step(`got ${JSON.stringify(responses[1]?.statusLine)} for the probe`);
  return { responses, connection };
}

/**
 * A request holds `Connection: close` only where a wrong parser would see it (folded, after a
 * bare CR, …). The server must refuse the request with 400, or ignore that text; a server
 * that applies it answers, announces close and drops the pipelined probe.
 */
export async function expectHiddenCloseIgnored(io: RunIO, request: Buffer): Promise<void> {
  const { responses } = await withProbe(io, request);
  const first = responses[0] as HttpResponseMessage;
  if (first.status === 400) return;
  expectThat(isSuccess(first.status), `the request was neither refused with 400 nor served (status ${first.status})`, '400, or 2xx ignoring the malformed line', String(first.status));
  if (responses.length === 2) return;
  // A server that ends every connection after one response cannot show what it did.
  const control = await exchange(io, { target: basePage });
  if (endsConnection(control)) io.notApplicable('the server ends the connection after every response, so a hidden close cannot be told apart');
  violation('the server applied a "Connection: close" that only a wrong parser sees: it closed instead of answering the pipelined probe', 'the probe answered on the same connection', 'closed after the first response');
}

/** GET, then GET with If-None-Match: <its ETag>; the 304, or a skip without ETag or 304. */
export async function notModifiedFor(io: RunIO, path: string): Promise<{ etag: string; response: HttpResponseMessage }> {
  const etag = requireEtag(io, await exchange(io, { target: path }), path);
  const response = await exchange(io, { target: path, fields: [['If-None-Match', etag]] });
  if (response.status !== 304) io.notApplicable(`the target did not answer 304 (${response.status})`);
  return { etag, response };
}

/** The entity tag of a response, or a skip when the target sends none (ETag is a SHOULD). */
export function requireEtag(io: RunIO, response: HttpResponseMessage, what: string): string {
  const etag = fieldValue(response, 'etag');
  if (etag === undefined) io.notApplicable(`the target sends no ETag for ${what}`);
  return etag;
}
