import type { RunIO } from '../../harness/runner/run-io.ts';
import { isToken } from './grammar.ts';
import { visitsPath } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { type HttpResponseMessage, fieldValues } from './response-reader.ts';

/** The server side of RFC 6265: the Set-Cookie grammar of §4.1.1 and the visit counter. */

const cookieOctets = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

export interface SetCookie {
  name: string;
  value: string;
  /** Attributes in order: [name, value or undefined]. */
  attributes: [string, string | undefined][];
}

/** Parses a Set-Cookie value by the §4.1.1 grammar; returns the reason when it does not conform. */
export function parseSetCookie(text: string): SetCookie | string {
  const [pair, ...avs] = text.split('; ');
  const eq = (pair ?? '').indexOf('=');
  if (eq < 0) return 'the cookie-pair has no "="';
  const name = (pair as string).slice(0, eq);
  let value = (pair as string).slice(eq + 1);
  if (!isToken(name)) return `cookie-name ${JSON.stringify(name)} is not a token`;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!cookieOctets.test(value)) return `cookie-value ${JSON.stringify(value)} holds a character cookie-octet excludes (space, quote, comma, semicolon, backslash, control)`;
  const attributes: [string, string | undefined][] = [];
  for (const av of avs) {
    // cookie-av (extension-av included) is any CHAR but controls and ";".
    if (!/^[\x20-\x3a\x3c-\x7e]+$/.test(av) || av.startsWith(' ')) return `attribute ${JSON.stringify(av)} is not a cookie-av (or attributes are not separated by "; ")`;
    const at = av.indexOf('=');
    attributes.push(at < 0 ? [av, undefined] : [av.slice(0, at), av.slice(at + 1)]);
  }
  return { name, value, attributes };
}

/** The Set-Cookie fields of a first visit to the counter (no Cookie sent); skips without any. */
export async function firstVisit(io: RunIO): Promise<{ response: HttpResponseMessage; cookies: string[] }> {
  const response = await exchange(io, { target: visitsPath });
  if (response.status !== 200) io.notApplicable(`GET ${visitsPath} was answered ${response.status}; the visit counter is part of the fixture contract`);
  const cookies = fieldValues(response, 'set-cookie');
  if (cookies.length === 0) io.notApplicable(`GET ${visitsPath} sets no cookie`);
  return { response, cookies };
}

/** The Set-Cookie values that follow the grammar, parsed (the grammar rule reports the others). */
export function wellFormedCookies(cookies: string[]): { text: string; cookie: SetCookie }[] {
  return cookies.flatMap((text) => {
    const cookie = parseSetCookie(text);
    return typeof cookie === 'string' ? [] : [{ text, cookie }];
  });
}

/** The visit count a counter page shows (`visits: N`), if it shows one. */
export function visitCount(response: HttpResponseMessage): number | undefined {
  const match = /visits:\s*(\d+)/i.exec(response.body.toString('latin1'));
  return match ? Number(match[1]) : undefined;
}
