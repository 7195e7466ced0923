import { isFieldValue, isHostValue, isToken, listElements } from '../../specs/http/grammar.ts';
import { RequestError } from './request-error.ts';
import type { RequestLimits } from './request-limits.ts';

/**
 * Strict parsing of a request's head: the request-line (RFC 9112 §3) and the field lines
 * (§5), with the checks that decide how the body is framed (§6) and the Host rules (§3.2).
 * Every refusal is a RequestError carrying the status the RFC names.
 */

export interface FieldLine {
  /** Lowercased field name. */
  name: string;
  value: string;
}

export interface RequestHead {
  method: string;
  target: string;
  major: number;
  minor: number;
  fields: FieldLine[];
  framing: { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' };
}

/** Rewrites the raw header section before it is parsed (the planted-bug servers' hook). */
export type HeadRewriter = (head: string) => string;

const CR = 0x0d;
const LF = 0x0a;

/**
 * Finds the end of the header section in `input` from `start`; returns the offset just past
 * the empty line, or undefined when more bytes are needed. Checks line endings as it goes so a
 * bare LF or bare CR is refused at once, and enforces the size limits.
 */
export function findHeadEnd(input: Buffer, start: number, limits: RequestLimits): number | undefined {
  let at = start;
  let first = true;
  for (;;) {
    const lf = input.indexOf(LF, at);
    const lineLimit = first ? limits.requestLineBytes : limits.headerSectionBytes;
    if (lf < 0) {
      if (input.length - at > lineLimit || input.length - start > limits.headerSectionBytes) throw oversize(input, start, first);
      return undefined;
    }
    if (lf - at > lineLimit || lf - start > limits.headerSectionBytes) throw oversize(input, start, first);
    if (lf === at || input[lf - 1] !== CR) throw new RequestError(400, 'line not ended by CRLF');
    const bareCr = input.indexOf(CR, at);
    if (bareCr < lf - 1) throw new RequestError(400, 'bare CR inside a line');
    if (lf === at + 1) {
      if (first) throw new RequestError(400, 'empty request-line');
      return lf + 1;
    }
    at = lf + 1;
    first = false;
  }
}

/** An over-long request-line is 414 when the target is what overflows (RFC 9112 §3), else 431. */
function oversize(input: Buffer, start: number, inRequestLine: boolean): RequestError {
  if (!inRequestLine) return new RequestError(431, 'header section too large');
  const prefix = input.subarray(start, start + 64).toString('latin1');
  if (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,32} [^ \r\n]/.test(prefix)) return new RequestError(414, 'request-target too long');
  return new RequestError(400, 'request-line too long');
}

/** Parses a complete header section (request-line, fields, without the final empty line). */
export function parseHead(headText: string, limits: RequestLimits): RequestHead {
  const lines = headText.split('\r\n');
  const { method, target, major, minor } = parseRequestLine(lines[0] ?? '');
  const fields = parseFieldLines(lines.slice(1), limits);
  const head = { method, target, major, minor, fields, framing: { kind: 'none' } as RequestHead['framing'] };
  checkHost(head);
  head.framing = framing(head, limits);
  return head;
}

function parseRequestLine(line: string): { method: string; target: string; major: number; minor: number } {
  const parts = line.split(' ');
  if (parts.length !== 3) throw new RequestError(400, 'request-line is not method SP target SP version');
  const [method, target, version] = parts as [string, string, string];
  if (!isToken(method)) throw new RequestError(400, 'method is not a token');
  const match = /^HTTP\/(\d)\.(\d)$/.exec(version);
  if (!match) throw new RequestError(400, 'malformed HTTP-version');
  const major = Number(match[1]);
  if (major !== 1) throw new RequestError(505, `HTTP/${major}.x is not supported; this server speaks HTTP/1.1 and HTTP/1.0`);
  if (!/^[\x21-\x7e]+$/.test(target)) throw new RequestError(400, 'request-target holds characters outside VCHAR');
  return { method, target, major, minor: Number(match[2]) };
}

function parseFieldLines(lines: string[], limits: RequestLimits): FieldLine[] {
  if (lines.length > limits.fieldLines) throw new RequestError(431, 'too many header fields');
  return lines.map((line, index) => {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      throw new RequestError(400, index === 0 ? 'whitespace between the request-line and the first field' : 'obsolete line folding is not accepted');
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (colon < 0 || !isToken(name)) throw new RequestError(400, `malformed field line (name ${JSON.stringify(name)})`);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!isFieldValue(value)) throw new RequestError(400, `field ${name} holds a control character`);
    return { name: name.toLowerCase(), value };
  });
}

/** RFC 9112 §3.2: exactly one valid Host in HTTP/1.1; never more than one in any request. */
function checkHost(head: RequestHead): void {
  const hosts = head.fields.filter((f) => f.name === 'host');
  if (hosts.length > 1) throw new RequestError(400, 'more than one Host field');
  if (hosts.length === 0 && head.minor >= 1) throw new RequestError(400, 'HTTP/1.1 request without Host');
  const host = hosts[0];
  if (host && !isHostValue(host.value)) throw new RequestError(400, 'invalid Host value');
}

/** RFC 9112 §6.1 and §6.3: Transfer-Encoding, else Content-Length, else no body. */
function framing(head: RequestHead, limits: RequestLimits): RequestHead['framing'] {
  const te = head.fields.filter((f) => f.name === 'transfer-encoding');
  const cl = head.fields.filter((f) => f.name === 'content-length');
  if (te.length > 0) {
    if (head.minor === 0) throw new RequestError(400, 'Transfer-Encoding in an HTTP/1.0 request: framing is faulty');
    // Both present may be an attempt at request smuggling; refused outright (§6.1 allows it).
    if (cl.length > 0) throw new RequestError(400, 'both Transfer-Encoding and Content-Length');
    const codings = te.flatMap((f) => listElements(f.value)).map((c) => c.toLowerCase());
    if (codings.at(-1) !== 'chunked') throw new RequestError(400, 'chunked is not the final transfer coding');
    if (codings.length > 1) {
      if (codings.filter((c) => c === 'chunked').length > 1) throw new RequestError(400, 'chunked applied more than once');
      throw new RequestError(501, `transfer coding ${codings[0] ?? ''} is not supported by this server`);
    }
    return { kind: 'chunked' };
  }
  if (cl.length === 0) return { kind: 'none' };
  const values = cl.flatMap((f) => f.value.split(',').map((v) => v.trim()));
  if (values.some((v) => !/^\d+$/.test(v))) throw new RequestError(400, 'invalid Content-Length');
  if (new Set(values.map((v) => v.replace(/^0+(?=.)/, ''))).size > 1) throw new RequestError(400, 'conflicting Content-Length values');
  const digits = (values[0] as string).replace(/^0+(?=.)/, '');
  if (digits.length > 15 || Number(digits) > limits.bodyBytes) throw new RequestError(413, 'request body too large');
  return { kind: 'length', length: Number(digits) };
}
