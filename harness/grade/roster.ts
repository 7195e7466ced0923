import { UsageError } from '../core/errors.ts';

/**
 * A class roster: CSV with a header row naming the columns `student`, `suites` and `target`.
 * - student: an id (letters, digits, . _ -), used as a folder name for the student's reports;
 * - suites: one or more suite names separated by spaces or semicolons;
 * - target: `host:port` (a running server), `spawn:CMD` (a command with {port}), or `dir:PATH`
 *   (a folder of the student's code, started with the class's --start command inside it).
 * Fields may be double-quoted ("" is a quote inside); blank lines and lines starting with # are
 * ignored.
 */
export type RosterTarget = { kind: 'address'; value: string } | { kind: 'spawn'; command: string } | { kind: 'dir'; path: string };

export interface RosterEntry {
  student: string;
  suites: string[];
  target: RosterTarget;
  line: number;
}

export function parseRoster(text: string, file: string): RosterEntry[] {
  const rows = text
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, text: line }))
    .filter((row) => row.text.trim() !== '' && !row.text.trimStart().startsWith('#'));
  const header = rows.shift();
  if (!header) throw new UsageError(`${file} is empty: it needs a header row student,suites,target`);
  const columns = splitCsvLine(header.text, file, header.line).map((c) => c.trim().toLowerCase());
  const at = (name: string): number => {
    const index = columns.indexOf(name);
    if (index < 0) throw new UsageError(`${file}:${header.line}: the header has no '${name}' column (it needs student,suites,target)`);
    return index;
  };
  const [studentAt, suitesAt, targetAt] = [at('student'), at('suites'), at('target')];
  const seen = new Set<string>();
  return rows.map(({ line, text: rowText }) => {
    const fields = splitCsvLine(rowText, file, line);
    const field = (index: number): string => (fields[index] ?? '').trim();
    const student = field(studentAt);
    if (!/^[A-Za-z0-9._-]+$/.test(student) || student === '.' || student === '..') {
      throw new UsageError(`${file}:${line}: student id '${student}' must be letters, digits, '.', '_' or '-'`);
    }
    if (seen.has(student)) throw new UsageError(`${file}:${line}: student '${student}' appears twice`);
    seen.add(student);
    const suites = field(suitesAt).split(/[\s;]+/).filter(Boolean);
    if (suites.length === 0) throw new UsageError(`${file}:${line}: no suite named for '${student}'`);
    return { student, suites, target: parseTarget(field(targetAt), file, line), line };
  });
}

function parseTarget(text: string, file: string, line: number): RosterTarget {
  if (text.startsWith('spawn:')) {
    const command = text.slice('spawn:'.length).trim();
    if (!command.includes('{port}')) throw new UsageError(`${file}:${line}: spawn command must contain {port}`);
    return { kind: 'spawn', command };
  }
  if (text.startsWith('dir:')) {
    const path = text.slice('dir:'.length).trim();
    if (path === '') throw new UsageError(`${file}:${line}: dir: needs a folder`);
    return { kind: 'dir', path };
  }
  if (/^(\[[^\]]+\]|[^:\s]+):\d+$/.test(text)) return { kind: 'address', value: text };
  throw new UsageError(`${file}:${line}: target '${text}' is not host:port, spawn:CMD or dir:PATH`);
}

/** One CSV line into fields (RFC 4180 quoting within a line). */
function splitCsvLine(text: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === ',') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) throw new UsageError(`${file}:${line}: unterminated quoted field`);
  fields.push(current);
  return fields;
}
