import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildMpd, initUrl, type Presentation, type Representation, segmentNumbers, segmentUrl } from './mpd.ts';

/**
 * The generated DASH fixture (fixtures/dash/presentation.json): a static presentation of
 * several Representations whose segment bytes are a deterministic function of the seed, the
 * Representation and the segment number. No codec is involved: a segment is a small ISO BMFF
 * header ('styp', a 'free' box naming it) and an 'mdat' box of pseudo-random bytes, sized so
 * that the Representation's rate is true to its @bandwidth: each media segment holds between
 * 85 % and 100 % of bandwidth × duration / 8 bytes (mean about 92 %).
 *
 * The reference serves these bytes from memory; `rfcheck dash-fixtures <dir>` writes them to a
 * folder that any static server (nginx, a student's) can serve.
 */

export interface FixtureDescription {
  seed: number;
  segmentDurationS: number;
  segmentCount: number;
  startNumber: number;
  mimeType: string;
  media: string;
  initialization: string;
  representations: { id: string; bandwidth: number; width: number; height: number }[];
}

/** The MPD's path in the fixture contract. */
export const manifestPath = '/manifest.mpd';
/** Each media segment holds this share of bandwidth × duration / 8, drawn per segment. */
export const segmentFill = { min: 0.85, max: 1 };

export function readFixtureDescription(fixturesDir: string): FixtureDescription {
  return JSON.parse(readFileSync(path.join(fixturesDir, 'dash', 'presentation.json'), 'utf8')) as FixtureDescription;
}

export function fixturePresentation(description: FixtureDescription, baseUrl?: string): Presentation {
  return {
    durationS: description.segmentDurationS * description.segmentCount,
    segmentDurationS: description.segmentDurationS,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    representations: description.representations.map((r): Representation => ({
      id: r.id,
      bandwidth: r.bandwidth,
      mimeType: description.mimeType,
      media: description.media,
      initialization: description.initialization,
      startNumber: description.startNumber,
      segmentCount: description.segmentCount,
      width: r.width,
      height: r.height,
    })),
  };
}

/** FNV-1a over the text, then the seed mixed in: a 32-bit state that is never 0. */
function stateFor(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/**
 * `length` pseudo-random bytes determined by the state: AES-128 in counter mode over zeros, keyed
 * by the state. Native code, so a 1.5 MB segment costs about a millisecond to make.
 */
function pseudoRandomBytes(state: number, length: number): Buffer {
  const key = Buffer.alloc(16);
  key.writeUInt32BE(state, 0);
  key.write('rfcheck-dash', 4, 'latin1');
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

function box(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, payload]);
}

/** The size of a media segment, in bytes. */
export function mediaSegmentSize(description: FixtureDescription, rep: Representation, number: number): number {
  const nominal = (rep.bandwidth * description.segmentDurationS) / 8;
  const draw = stateFor(description.seed, `size ${rep.id} ${number}`) / 0xffffffff;
  return Math.round(nominal * (segmentFill.min + (segmentFill.max - segmentFill.min) * draw));
}

export function mediaSegmentBytes(description: FixtureDescription, rep: Representation, number: number): Buffer {
  const size = mediaSegmentSize(description, rep, number);
  const styp = box('styp', Buffer.from('msdh\0\0\0\0msdhmsix', 'latin1'));
  const free = box('free', Buffer.from(`rfcheck dash fixture ${rep.id} segment ${number}`, 'latin1'));
  const mdatLength = size - styp.length - free.length - 8;
  return Buffer.concat([styp, free, box('mdat', pseudoRandomBytes(stateFor(description.seed, `bytes ${rep.id} ${number}`), mdatLength))]);
}

export function initSegmentBytes(description: FixtureDescription, rep: Representation): Buffer {
  const ftyp = box('ftyp', Buffer.from('iso6\0\0\0\0iso6dash', 'latin1'));
  const free = box('free', Buffer.from(`rfcheck dash fixture ${rep.id} ${rep.width ?? 0}x${rep.height ?? 0} initialization`, 'latin1'));
  return Buffer.concat([ftyp, free, box('moov', pseudoRandomBytes(stateFor(description.seed, `init ${rep.id}`), 512))]);
}

/** Every file of the fixture by URL path (without the leading '/'), bytes made on demand. */
export function fixtureFiles(description: FixtureDescription, presentation: Presentation): Map<string, () => Buffer> {
  const files = new Map<string, () => Buffer>();
  files.set(manifestPath.slice(1), () => Buffer.from(buildMpd(presentation), 'utf8'));
  for (const rep of presentation.representations) {
    const init = initUrl(rep);
    if (init !== undefined) files.set(init, () => initSegmentBytes(description, rep));
    for (const n of segmentNumbers(rep)) files.set(segmentUrl(rep, n), () => mediaSegmentBytes(description, rep, n));
  }
  return files;
}

/** Writes the fixture to a folder (the MPD at manifest.mpd, segments below media/). */
export async function writeFixture(fixturesDir: string, outDir: string): Promise<number> {
  const description = readFixtureDescription(fixturesDir);
  const files = fixtureFiles(description, fixturePresentation(description));
  for (const [name, bytes] of files) {
    const file = path.join(outDir, ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes());
  }
  return files.size;
}
