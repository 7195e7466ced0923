import { splitAfterLineFeeds } from '../wire/escape.ts';
import type { FuzzRandom } from './random.ts';
import { type Session, sessionBytes } from './session.ts';

/**
 * Grammar-aware mutations of a recorded session. They know only what is common to
 * application protocols: chunks (commands, datagrams), lines and their terminators, decimal
 * numbers, tokens between delimiters, and binary length fields. Each is small and named, so a
 * finding can say which mutations made it.
 */
export interface Mutator {
  name: string;
  /** undefined when the mutator does not apply to this session (e.g. no digits to replace). */
  apply(session: Session, random: FuzzRandom, corpus: readonly Session[]): Session | undefined;
}

/** A mutated session stays under this size, so one execution stays cheap. */
export const maxSessionBytes = 256 * 1024;

const boundaryBytes = [0x00, 0xff, 0x0d, 0x0a, 0x7f, 0x80, 0x20, 0x09];
const extremeNumbers = ['0', '-1', '2147483648', '4294967296', '9223372036854775808', '99999999999999999999', '00000000000000000001', '1e9', ''];
const extremeLengths = [
  [0x00, 0x00],
  [0xff, 0xff],
  [0x7f, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0xff],
  [0x80, 0x00, 0x00, 0x00],
];

function withChunk(session: Session, index: number, chunk: Buffer): Session {
  const chunks = session.chunks.slice();
  chunks[index] = chunk;
  return { transport: session.transport, chunks };
}

function withChunks(session: Session, chunks: Buffer[]): Session {
  return { transport: session.transport, chunks };
}

/** A chunk to edit, preferring non-empty ones; undefined for an empty session. */
function someChunk(session: Session, random: FuzzRandom): { index: number; chunk: Buffer } | undefined {
  if (session.chunks.length === 0) return undefined;
  const nonEmpty = session.chunks.map((c, i) => (c.length > 0 ? i : -1)).filter((i) => i >= 0);
  const index = nonEmpty.length > 0 ? random.pick(nonEmpty) : random.int(session.chunks.length);
  return { index, chunk: session.chunks[index] as Buffer };
}

/** Edits the lines of one chunk. */
function editLines(session: Session, random: FuzzRandom, edit: (lines: Buffer[]) => Buffer[] | undefined): Session | undefined {
  const picked = someChunk(session, random);
  if (!picked) return undefined;
  const lines = splitAfterLineFeeds(picked.chunk).map((l) => Buffer.from(l));
  if (lines.length === 0) return undefined;
  const edited = edit(lines);
  return edited ? withChunk(session, picked.index, Buffer.concat(edited)) : undefined;
}

/** Runs of a pattern in a chunk: [start, end) pairs. */
function runsOf(chunk: Buffer, pattern: RegExp): [number, number][] {
  const text = chunk.toString('latin1');
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

function replaceRange(chunk: Buffer, [start, end]: [number, number], replacement: Buffer): Buffer {
  return Buffer.concat([chunk.subarray(0, start), replacement, chunk.subarray(end)]);
}

export const mutators: Mutator[] = [
  {
    name: 'insert-boundary-byte',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked) return undefined;
      const at = random.int(picked.chunk.length + 1);
      const bytes = Buffer.from([random.pick(boundaryBytes)]);
      return withChunk(session, picked.index, replaceRange(picked.chunk, [at, at], bytes));
    },
  },
  {
    name: 'overwrite-boundary-byte',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked || picked.chunk.length === 0) return undefined;
      const at = random.int(picked.chunk.length);
      return withChunk(session, picked.index, replaceRange(picked.chunk, [at, at + 1], Buffer.from([random.pick(boundaryBytes)])));
    },
  },
  {
    name: 'change-line-ending',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked) return undefined;
      const endings = runsOf(picked.chunk, /\r?\n/g);
      if (endings.length === 0) return undefined;
      const replacement = random.pick(['\r', '\n', '\r\n', '\n\r', '', '\r\r\n']);
      return withChunk(session, picked.index, replaceRange(picked.chunk, random.pick(endings), Buffer.from(replacement, 'latin1')));
    },
  },
  {
    name: 'duplicate-chunk',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked) return undefined;
      const chunks = session.chunks.slice();
      chunks.splice(picked.index, 0, picked.chunk);
      return withChunks(session, chunks);
    },
  },
  {
    name: 'delete-chunk',
    apply: (session, random) => {
      if (session.chunks.length < 2) return undefined;
      const chunks = session.chunks.slice();
      chunks.splice(random.int(chunks.length), 1);
      return withChunks(session, chunks);
    },
  },
  {
    name: 'swap-chunks',
    apply: (session, random) => {
      if (session.chunks.length < 2) return undefined;
      const chunks = session.chunks.slice();
      const a = random.int(chunks.length);
      const b = random.int(chunks.length);
      [chunks[a], chunks[b]] = [chunks[b] as Buffer, chunks[a] as Buffer];
      return withChunks(session, chunks);
    },
  },
  {
    name: 'duplicate-line',
    apply: (session, random) =>
      editLines(session, random, (lines) => {
        const at = random.int(lines.length);
        return [...lines.slice(0, at + 1), ...lines.slice(at)];
      }),
  },
  {
    name: 'delete-line',
    apply: (session, random) =>
      editLines(session, random, (lines) => {
        if (lines.length < 2) return undefined;
        const at = random.int(lines.length);
        return [...lines.slice(0, at), ...lines.slice(at + 1)];
      }),
  },
  {
    name: 'swap-lines',
    apply: (session, random) =>
      editLines(session, random, (lines) => {
        if (lines.length < 2) return undefined;
        const a = random.int(lines.length);
        const b = random.int(lines.length);
        const swapped = lines.slice();
        [swapped[a], swapped[b]] = [swapped[b] as Buffer, swapped[a] as Buffer];
        return swapped;
      }),
  },
  {
    name: 'repeat-line',
    apply: (session, random) =>
      editLines(session, random, (lines) => {
        const at = random.int(lines.length);
        const times = random.pick([10, 100, 1000]);
        return [...lines.slice(0, at), ...Array<Buffer>(times).fill(lines[at] as Buffer), ...lines.slice(at + 1)];
      }),
  },
  {
    name: 'truncate-mid-line',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked || picked.chunk.length < 2) return undefined;
      const cut = 1 + random.int(picked.chunk.length - 1);
      return withChunks(session, [...session.chunks.slice(0, picked.index), picked.chunk.subarray(0, cut)]);
    },
  },
  {
    name: 'extreme-number',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked) return undefined;
      const numbers = runsOf(picked.chunk, /\d+/g);
      if (numbers.length === 0) return undefined;
      return withChunk(session, picked.index, replaceRange(picked.chunk, random.pick(numbers), Buffer.from(random.pick(extremeNumbers), 'latin1')));
    },
  },
  {
    name: 'overlong-field',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked) return undefined;
      const fields = runsOf(picked.chunk, /[^\s:;,<>=/]+/g);
      if (fields.length === 0) return undefined;
      const range = random.pick(fields);
      const field = picked.chunk.subarray(range[0], range[1]);
      const times = Math.max(1, Math.min(1000, Math.floor(maxSessionBytes / 2 / Math.max(1, field.length))));
      return withChunk(session, picked.index, replaceRange(picked.chunk, range, Buffer.concat(Array<Buffer>(times).fill(field))));
    },
  },
  {
    name: 'extreme-length-field',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked || picked.chunk.length < 4) return undefined;
      const bytes = Buffer.from(random.pick(extremeLengths));
      const at = random.int(picked.chunk.length - bytes.length + 1);
      return withChunk(session, picked.index, replaceRange(picked.chunk, [at, at + bytes.length], bytes));
    },
  },
  {
    name: 'flip-bit',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (!picked || picked.chunk.length === 0) return undefined;
      const chunk = Buffer.from(picked.chunk);
      const at = random.int(chunk.length);
      chunk[at] = (chunk[at] as number) ^ (1 << random.int(8));
      return withChunk(session, picked.index, chunk);
    },
  },
  {
    name: 'split-into-single-bytes',
    apply: (session, random) => {
      const picked = someChunk(session, random);
      if (session.transport !== 'tcp' || !picked || picked.chunk.length < 2) return undefined;
      const head = Math.min(picked.chunk.length, 64);
      const singles = Array.from({ length: head }, (_, i) => picked.chunk.subarray(i, i + 1));
      const rest = picked.chunk.length > head ? [picked.chunk.subarray(head)] : [];
      const chunks = session.chunks.slice();
      chunks.splice(picked.index, 1, ...singles, ...rest);
      return withChunks(session, chunks);
    },
  },
  {
    name: 'splice-sessions',
    apply: (session, random, corpus) => {
      const others = corpus.filter((s) => s.transport === session.transport && s !== session);
      if (others.length === 0) return undefined;
      const other = random.pick(others);
      const head = session.chunks.slice(0, random.int(session.chunks.length + 1));
      const tail = other.chunks.slice(random.int(other.chunks.length + 1));
      return withChunks(session, [...head, ...tail]);
    },
  },
];

/** Applies one to three mutators in a row; the names of those that applied come along. */
export function mutate(seed: Session, random: FuzzRandom, corpus: readonly Session[]): { session: Session; applied: string[] } {
  let session = seed;
  const applied: string[] = [];
  const rounds = 1 + random.int(3);
  for (let attempt = 0; applied.length < rounds && attempt < rounds * 4; attempt++) {
    const mutator = random.pick(mutators);
    const next = mutator.apply(session, random, corpus);
    if (!next || sessionBytes(next) > maxSessionBytes) continue;
    session = next;
    applied.push(mutator.name);
  }
  return { session, applied };
}
