import { AnsweredError } from '../answered-error.ts';
import type { Token } from './command-arguments.ts';
import { astring } from './command-arguments.ts';
import { parseEntity } from './mime-entity.ts';
import { type SequenceSet, inSequenceSet, parseSequenceSet } from './sequence-set.ts';

/**
 * SEARCH criteria (RFC 3501 §6.4.4), compiled to a predicate over one message. The subset:
 * ALL, flag keys (SEEN, UNSEEN, …, NEW, OLD, RECENT), sequence sets, UID set, LARGER,
 * SMALLER, SUBJECT/FROM/TO/CC/BCC/HEADER/BODY/TEXT substrings (case-insensitive), BEFORE/ON/
 * SINCE internal date, NOT, OR and parenthesised groups.
 */
export interface SearchSubject {
  sequence: number;
  uid: number;
  flags: Set<string>;
  recent: boolean;
  size: number;
  internalDate: Date;
  octets: () => Promise<Buffer>;
}

export type Predicate = (m: SearchSubject) => Promise<boolean>;

export class BadCriteria extends AnsweredError {}

const flagKeys: Record<string, [string, boolean]> = {
  ANSWERED: ['\\Answered', true], UNANSWERED: ['\\Answered', false],
  DELETED: ['\\Deleted', true], UNDELETED: ['\\Deleted', false],
  DRAFT: ['\\Draft', true], UNDRAFT: ['\\Draft', false],
  FLAGGED: ['\\Flagged', true], UNFLAGGED: ['\\Flagged', false],
  SEEN: ['\\Seen', true], UNSEEN: ['\\Seen', false],
};

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function parseDate(text: string | undefined): number {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text ?? '');
  const month = match ? months.indexOf((match[2] as string).toUpperCase()) : -1;
  if (!match || month < 0) throw new BadCriteria(`bad date ${text}`);
  return Date.UTC(Number(match[3]), month, Number(match[1]));
}

const dayOf = (date: Date): number => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

export function compileSearch(tokens: Token[], largestSequence: number, largestUid: number): Predicate {
  let at = 0;
  const next = (): Token => {
    const token = tokens[at++];
    if (!token) throw new BadCriteria('missing search key');
    return token;
  };
  const text = (): string => {
    const value = astring(next());
    if (value === undefined) throw new BadCriteria('expected a string');
    return value;
  };
  const set = (value: string, largest: number): SequenceSet => {
    const parsed = parseSequenceSet(value, largest);
    if (!parsed) throw new BadCriteria(`bad set ${value}`);
    return parsed;
  };
  const contains = (haystack: string, needle: string): boolean => haystack.toLowerCase().includes(needle.toLowerCase());
  const header = (name: string, needle: string): Predicate => async (m) => {
    const entity = parseEntity(await m.octets());
    const fields = entity.fields.filter((f) => f.name.toLowerCase() === name.toLowerCase());
    return fields.some((f) => contains(f.value, needle)) || (needle === '' && fields.length > 0);
  };
  const key = (): Predicate => {
    const token = next();
    if (token.kind === 'list') return compileSearch(token.items, largestSequence, largestUid);
    const word = token.kind === 'atom' ? token.value.toUpperCase() : '';
    if (word in flagKeys) {
      const [flag, wanted] = flagKeys[word] as [string, boolean];
      return async (m) => m.flags.has(flag) === wanted;
    }
    switch (word) {
      case 'ALL':
        return async () => true;
      case 'NEW':
        return async (m) => m.recent && !m.flags.has('\\Seen');
      case 'OLD':
        return async (m) => !m.recent;
      case 'RECENT':
        return async (m) => m.recent;
      case 'UID': {
        const uids = set(text(), largestUid);
        return async (m) => inSequenceSet(uids, m.uid);
      }
      case 'LARGER': {
        const n = Number(text());
        return async (m) => m.size > n;
      }
      case 'SMALLER': {
        const n = Number(text());
        return async (m) => m.size < n;
      }
      case 'SUBJECT': case 'FROM': case 'TO': case 'CC': case 'BCC':
        return header(word, text());
      case 'HEADER': {
        const name = text();
        return header(name, text());
      }
      case 'BODY': {
        const needle = text();
        return async (m) => contains(parseEntity(await m.octets()).body.toString('latin1'), needle);
      }
      case 'TEXT': {
        const needle = text();
        return async (m) => contains((await m.octets()).toString('latin1'), needle);
      }
      case 'BEFORE': case 'ON': case 'SINCE': {
        const day = parseDate(text());
        return async (m) => {
          const d = dayOf(m.internalDate);
          return word === 'BEFORE' ? d < day : word === 'ON' ? d === day : d >= day;
        };
      }
      case 'NOT': {
        const inner = key();
        return async (m) => !(await inner(m));
      }
      case 'OR': {
        const a = key();
        const b = key();
        return async (m) => (await a(m)) || (await b(m));
      }
      default: {
        if (token.kind === 'atom' && /^[0-9*:,]+$/.test(token.value)) {
          const numbers = set(token.value, largestSequence);
          return async (m) => inSequenceSet(numbers, m.sequence);
        }
        throw new BadCriteria(`unknown search key ${token.kind === 'atom' ? token.value : '(string)'}`);
      }
    }
  };
  const all: Predicate[] = [];
  while (at < tokens.length) all.push(key());
  if (all.length === 0) throw new BadCriteria('no search key');
  return async (m) => {
    for (const predicate of all) if (!(await predicate(m))) return false;
    return true;
  };
}
