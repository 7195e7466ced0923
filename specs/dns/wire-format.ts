/**
 * A strict walker of the RFC 1035 §4.1 message layout, beside dns-packet. dns-packet decodes
 * contents well but forgives layout faults a conformance check must name (trailing bytes,
 * RDLENGTH beyond a type's fixed size) and throws on others it should only report (a pointer
 * that points forward). The walker reads every name and record boundary itself, lists each
 * fault it meets, and can write the message back out — expanded, so dns-packet reads it whatever
 * the sender's pointers were, or compressed, as the reference server sends it.
 */

/** A label longer than 63 octets cannot be written at all (its length byte would be a label type), so it is fatal, not a kind. */
export type WireProblemKind = 'counts' | 'trailing' | 'pointer' | 'name-length' | 'rdlength';

export interface WireProblem {
  kind: WireProblemKind;
  detail: string;
}

export type RdataPart =
  | { kind: 'name'; labels: Buffer[]; compressible: boolean }
  | { kind: 'bytes'; bytes: Buffer };

export interface WireQuestion {
  labels: Buffer[];
  type: number;
  klass: number;
}

export interface WireRecord {
  labels: Buffer[];
  type: number;
  klass: number;
  ttl: number;
  rdata: RdataPart[];
}

export interface WireMessage {
  /** The 12 header bytes; the four counts are rewritten from the sections when written out. */
  header: Buffer;
  questions: WireQuestion[];
  answers: WireRecord[];
  authorities: WireRecord[];
  additionals: WireRecord[];
}

export type WalkResult = { message: WireMessage; problems: WireProblem[] } | { message: undefined; problems: WireProblem[]; fatal: string };

const typeA = 1;
const typeAAAA = 28;
/** Types whose RDATA holds domain names (RFC 1035 §3.3, RFC 2782): fixed-size prefix and suffix around them. */
const nameLayouts: Record<number, { before: number; names: number; after: number; compressible: boolean }> = {
  2: { before: 0, names: 1, after: 0, compressible: true }, // NS
  5: { before: 0, names: 1, after: 0, compressible: true }, // CNAME
  12: { before: 0, names: 1, after: 0, compressible: true }, // PTR
  15: { before: 2, names: 1, after: 0, compressible: true }, // MX
  6: { before: 0, names: 2, after: 20, compressible: true }, // SOA
  33: { before: 6, names: 1, after: 0, compressible: false }, // SRV: RFC 2782 forbids compressing its target
};
const fixedSizes: Record<number, number> = { [typeA]: 4, [typeAAAA]: 16 };

class Truncated extends Error {}

class Reader {
  readonly problems: WireProblem[] = [];
  offset = 0;
  constructor(readonly buf: Buffer) {}

  need(count: number, what: string): void {
    if (this.offset + count > this.buf.length) throw new Truncated(`the message ends inside ${what} at offset ${this.offset}`);
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(count: number, what: string): Buffer {
    this.need(count, what);
    const value = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return Buffer.from(value);
  }

  /** Reads a (possibly compressed) name at the cursor; the cursor ends after its in-place part. */
  name(what: string): Buffer[] {
    const labels: Buffer[] = [];
    let at = this.offset;
    let resumeAt: number | undefined;
    let wireLength = 1;
    const visited = new Set<number>();
    for (;;) {
      if (at >= this.buf.length) throw new Truncated(`the message ends inside ${what}`);
      const length = this.buf[at] as number;
      if (length === 0) {
        at += 1;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        if (at + 1 >= this.buf.length) throw new Truncated(`the message ends inside a pointer of ${what}`);
        const target = this.buf.readUInt16BE(at) & 0x3fff;
        if (visited.has(target)) throw new Truncated(`the compression pointers of ${what} loop (offset ${target} again)`);
        visited.add(target);
        if (target >= at) this.problems.push({ kind: 'pointer', detail: `${what}: pointer at offset ${at} points forward to ${target}` });
        resumeAt ??= at + 2;
        at = target;
        continue;
      }
      if ((length & 0xc0) !== 0) throw new Truncated(`${what} uses the unknown label type 0x${length.toString(16)}`);
      if (at + 1 + length > this.buf.length) throw new Truncated(`the message ends inside a label of ${what}`);
      labels.push(Buffer.from(this.buf.subarray(at + 1, at + 1 + length)));
      wireLength += length + 1;
      at += length + 1;
    }
    if (wireLength > 255) this.problems.push({ kind: 'name-length', detail: `${what} is ${wireLength} octets long (at most 255)` });
    this.offset = resumeAt ?? at;
    return labels;
  }
}

function readRecord(reader: Reader, what: string): WireRecord {
  const labels = reader.name(`the owner of ${what}`);
  const type = reader.u16(`the TYPE of ${what}`);
  const klass = reader.u16(`the CLASS of ${what}`);
  const ttl = reader.u32(`the TTL of ${what}`);
  const rdlength = reader.u16(`the RDLENGTH of ${what}`);
  reader.need(rdlength, `the RDATA of ${what}`);
  const start = reader.offset;
  const end = start + rdlength;
  const fixed = fixedSizes[type];
  const layout = nameLayouts[type];
  let rdata: RdataPart[];
  if (fixed !== undefined) {
    if (rdlength !== fixed) reader.problems.push({ kind: 'rdlength', detail: `${what}: RDLENGTH ${rdlength} where type ${type} has ${fixed}` });
    rdata = [{ kind: 'bytes', bytes: reader.bytes(Math.min(fixed, rdlength), `the RDATA of ${what}`) }];
  } else if (layout) {
    rdata = [];
    if (layout.before > 0) rdata.push({ kind: 'bytes', bytes: reader.bytes(layout.before, `the RDATA of ${what}`) });
    for (let i = 0; i < layout.names; i++) rdata.push({ kind: 'name', labels: reader.name(`a name in the RDATA of ${what}`), compressible: layout.compressible });
    if (layout.after > 0) rdata.push({ kind: 'bytes', bytes: reader.bytes(layout.after, `the RDATA of ${what}`) });
    if (reader.offset !== end) {
      reader.problems.push({ kind: 'rdlength', detail: `${what}: RDLENGTH ${rdlength} but the RDATA's fields take ${reader.offset - start}` });
    }
  } else {
    rdata = [{ kind: 'bytes', bytes: reader.bytes(rdlength, `the RDATA of ${what}`) }];
  }
  reader.offset = end;
  return { labels, type, klass, ttl, rdata };
}

/** Walks a whole message; every layout fault is listed, and those that leave no structure are fatal. */
export function walkMessage(buf: Buffer): WalkResult {
  const reader = new Reader(buf);
  try {
    const header = reader.bytes(12, 'the header');
    const counts = [4, 6, 8, 10].map((at) => header.readUInt16BE(at)) as [number, number, number, number];
    const questions: WireQuestion[] = [];
    for (let i = 0; i < counts[0]; i++) {
      const labels = reader.name(`question ${i + 1}`);
      questions.push({ labels, type: reader.u16(`the QTYPE of question ${i + 1}`), klass: reader.u16(`the QCLASS of question ${i + 1}`) });
    }
    const sectionNames = ['answer', 'authority', 'additional'];
    const sections: WireRecord[][] = [[], [], []];
    for (let s = 0; s < 3; s++) {
      const count = counts[s + 1] as number;
      for (let i = 0; i < count; i++) {
        if (reader.offset >= buf.length) {
          reader.problems.push({ kind: 'counts', detail: `the header announces ${count} ${sectionNames[s]} records; the message holds ${i}` });
          break;
        }
        sections[s]?.push(readRecord(reader, `${sectionNames[s]} record ${i + 1}`));
      }
    }
    if (reader.offset < buf.length) {
      reader.problems.push({ kind: 'trailing', detail: `${buf.length - reader.offset} bytes follow the last record the header counts` });
    }
    const [answers, authorities, additionals] = sections as [WireRecord[], WireRecord[], WireRecord[]];
    return { message: { header, questions, answers, authorities, additionals }, problems: reader.problems };
  } catch (error) {
    if (!(error instanceof Truncated)) throw error;
    const kind: WireProblemKind = /pointer/.test(error.message) ? 'pointer' : 'counts';
    return { message: undefined, problems: [...reader.problems, { kind, detail: error.message }], fatal: error.message };
  }
}

/** Writes a message; `compress` replaces repeated name suffixes by pointers to their first occurrence. */
export function writeMessage(message: WireMessage, compress: boolean): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  const seen = new Map<string, number>();
  const push = (bytes: Buffer): void => {
    chunks.push(bytes);
    length += bytes.length;
  };
  const writeName = (labels: Buffer[], mayCompress: boolean): void => {
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).map((l) => l.toString('latin1').toLowerCase()).join('.');
      const prior = seen.get(key);
      if (compress && mayCompress && prior !== undefined) {
        push(Buffer.from([0xc0 | (prior >> 8), prior & 0xff]));
        return;
      }
      if (length < 0x3fff) seen.set(key, length);
      const label = labels[i] as Buffer;
      push(Buffer.concat([Buffer.from([label.length]), label]));
    }
    push(Buffer.from([0]));
  };
  const header = Buffer.from(message.header);
  [message.questions, message.answers, message.authorities, message.additionals].forEach((list, i) => header.writeUInt16BE(list.length, 4 + 2 * i));
  push(header);
  for (const question of message.questions) {
    writeName(question.labels, true);
    const fixed = Buffer.alloc(4);
    fixed.writeUInt16BE(question.type, 0);
    fixed.writeUInt16BE(question.klass, 2);
    push(fixed);
  }
  for (const record of [...message.answers, ...message.authorities, ...message.additionals]) {
    writeName(record.labels, true);
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(record.type, 0);
    fixed.writeUInt16BE(record.klass, 2);
    fixed.writeUInt32BE(record.ttl >>> 0, 4);
    push(fixed);
    const lengthAt = chunks.length - 1;
    const before = length;
    for (const part of record.rdata) {
      if (part.kind === 'bytes') push(part.bytes);
      else writeName(part.labels, part.compressible);
    }
    (chunks[lengthAt] as Buffer).writeUInt16BE(length - before, 8);
  }
  return Buffer.concat(chunks);
}
