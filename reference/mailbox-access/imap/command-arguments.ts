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
  return new Tokenizer(text, literals).parseList(undefined);
}

/**
 * The tokenizer's state and steps as methods rather than closures made on every call: the
 * loader (tsx, which keeps function names) wraps each closure it makes, and that cost the
 * fuzzed reference about a twentieth of its CPU.
 */
class Tokenizer {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly literals: Buffer[],
  ) {}

  parseList(closing: string | undefined): Token[] {
    const { text } = this;
    const items: Token[] = [];
    for (;;) {
      if (this.at >= text.length) {
        if (closing) throw new BadSyntax('unterminated list');
        return items;
      }
      const c = text[this.at] as string;
      if (c === ' ') {
        this.at++;
        continue;
      }
      if (c === ')') {
        if (closing !== ')') throw new BadSyntax('unbalanced )');
        this.at++;
        return items;
      }
      if (c === '(') {
        this.at++;
        items.push({ kind: 'list', items: this.parseList(')') });
      } else if (c === '"') items.push({ kind: 'string', value: this.quoted() });
      else if (c === '\u0000') items.push({ kind: 'string', value: this.literal() });
      else items.push({ kind: 'atom', value: this.atom() });
    }
  }

  private quoted(): Buffer {
    const { text } = this;
    let value = '';
    for (this.at++; this.at < text.length; this.at++) {
      const c = text[this.at] as string;
      if (c === '"') {
        this.at++;
        return Buffer.from(value, 'latin1');
      }
      if (c === '\\') {
        const next = text[++this.at];
        if (next !== '"' && next !== '\\') throw new BadSyntax('bad escape in quoted string');
        value += next;
      } else value += c;
    }
    throw new BadSyntax('unterminated quoted string');
  }

  private literal(): Buffer {
    const end = this.text.indexOf('\u0000', this.at + 1);
    const value = this.literals[Number(this.text.slice(this.at + 1, end))];
    if (end < 0 || !value) throw new BadSyntax('bad literal');
    this.at = end + 1;
    return value;
  }

  /** An atom may hold a bracketed section with spaces, as in BODY[HEADER.FIELDS (FROM TO)]. */
  private atom(): string {
    const { text } = this;
    const start = this.at;
    let depth = 0;
    while (this.at < text.length) {
      const c = text[this.at] as string;
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (depth === 0 && (atomSpecials.has(c) || c === ')')) break;
      this.at++;
    }
    if (this.at === start || depth !== 0) throw new BadSyntax('bad atom');
    return text.slice(start, this.at);
  }
}

/** An astring argument (atom or string) as text; undefined for a list. */
export function astring(token: Token | undefined): string | undefined {
  if (!token || token.kind === 'list') return undefined;
  return token.kind === 'atom' ? token.value : token.value.toString('utf8');
}
