/**
 * Answers already built, by question: the zones do not change while the server runs, so an
 * answer depends only on the question (name case-folded), the header bits that are copied
 * (OPCODE, RD), the rest of the query (its OPT record) and the transport. A hit costs a copy:
 * the ID and the question name are written over with the query's own (same length, only the
 * case may differ), which also gives owner names that point at the question the asker's case.
 */

const capacity = 10_000;

/** The question name's octets at offset 12, if written without compression; else undefined. */
function questionNameEnd(query: Buffer): number | undefined {
  let at = 12;
  while (at < query.length) {
    const length = query[at] as number;
    if (length === 0) return at + 1;
    if (length > 63) return undefined;
    at += length + 1;
  }
  return undefined;
}

export class AnswerCache {
  private readonly answers = new Map<string, Buffer>();

  key(query: Buffer, transport: string): string | undefined {
    if (query.length < 12) return undefined;
    const nameEnd = questionNameEnd(query);
    if (nameEnd === undefined) return undefined;
    const copied = query.readUInt16BE(2) & 0x7900;
    const name = query.subarray(12, nameEnd).toString('latin1').toLowerCase();
    // latin1 keeps one character per octet (half the length of hex, and cheaper to make). The
    // counts are 8 octets and the name ends at its zero octet, so the parts cannot run together.
    return `${transport}|${copied}|${query.toString('latin1', 4, 12)}${name}${query.toString('latin1', nameEnd)}`;
  }

  get(key: string, query: Buffer): Buffer | undefined {
    const cached = this.answers.get(key);
    if (!cached) return undefined;
    const answer = Buffer.from(cached);
    answer.writeUInt16BE(query.readUInt16BE(0), 0);
    const nameEnd = questionNameEnd(query) as number;
    query.copy(answer, 12, 12, nameEnd);
    return answer;
  }

  set(key: string, answer: Buffer): void {
    if (this.answers.size >= capacity) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
  }
}
