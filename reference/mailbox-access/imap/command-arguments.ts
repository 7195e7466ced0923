import { AnsweredError } from '../answered-error.ts';
/**
 * The arguments of an IMAP command as tokens (RFC 3501 §4, §9): atoms (also flags, numbers,
 * sequence sets and fetch items such as BODY[HEADER.FIELDS (A B)]<0.10>), quoted strings,
 * literals, NIL and parenthesised lists.
 */
export type Token =
  | { kind: 'atom'; value: string }
  | { kind: 'string'; value: Buffer }
  | { kind: 'list'; items: Token[] };

export class BadSyntax extends AnsweredError {}

const atomSpecials = new Set(['(', ')', '{', ' ', '"', '\u0000']);

export function tokenize(text: string, literals: Buffer[]): Token[] {
  let at = 0;
  const parseList = (closing: string | undefined): Token[] => {
    const items: Token[] = [];
    for (;;) {
      if (at >= text.length) {
        if (closing) throw new BadSyntax('unterminated list');
        return items;
      }
      const c = text[at] as string;
      if (c === ' ') {
        at++;
        continue;
      }
      if (c === ')') {
        if (closing !== ')') throw new BadSyntax('unbalanced )');
        at++;
        return items;
      }
      if (c === '(') {
        at++;
        items.push({ kind: 'list', items: parseList(')') });
      } else if (c === '"') items.push({ kind: 'string', value: quoted() });
      else if (c === '\u0000') items.push({ kind: 'string', value: literal() });
      else items.push({ kind: 'atom', value: atom() });
    }
  };
  const quoted = (): Buffer => {
    let value = '';
    for (at++; at < text.length; at++) {
      const c = text[at] as string;
      if (c === '"') {
        at++;
        return Buffer.from(value, 'latin1');
      }
      if (c === '\\') {
        const next = text[++at];
        if (next !== '"' && next !== '\\') throw new BadSyntax('bad escape in quoted string');
        value += next;
      } else value += c;
    }
    throw new BadSyntax('unterminated quoted string');
  };
  const literal = (): Buffer => {
    const end = text.indexOf('\u0000', at + 1);
    const value = literals[Number(text.slice(at + 1, end))];
    if (end < 0 || !value) throw new BadSyntax('bad literal');
    at = end + 1;
    return value;
  };
  // An atom may hold a bracketed section with spaces, as in BODY[HEADER.FIELDS (FROM TO)].
  const atom = (): string => {
    const start = at;
    let depth = 0;
    while (at < text.length) {
      const c = text[at] as string;
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (depth === 0 && (atomSpecials.has(c) || c === ')')) break;
      at++;
    }
    if (at === start || depth !== 0) throw new BadSyntax('bad atom');
    return text.slice(start, at);
  };
  return parseList(undefined);
}

/** An astring argument (atom or string) as text; undefined for a list. */
export function astring(token: Token | undefined): string | undefined {
  if (!token || token.kind === 'list') return undefined;
  return token.kind === 'atom' ? token.value : token.value.toString('utf8');
}
