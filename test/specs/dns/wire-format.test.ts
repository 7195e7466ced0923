import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { walkMessage, writeMessage } from '../../../specs/dns/wire-format.ts';

/** The strict walker finds each layout fault dns-packet forgives or throws on, and nothing else. */

const answer = (): Buffer =>
  dnsPacket.encode({
    id: 9,
    type: 'response',
    questions: [{ name: 'gaia.cs.umass.edu', type: 'A' }],
    answers: [
      { name: 'gaia.cs.umass.edu', type: 'A', ttl: 60, data: '128.119.245.12' },
      { name: 'gaia.cs.umass.edu', type: 'MX', ttl: 60, data: { preference: 10, exchange: 'mx1.cs.umass.edu' } },
    ],
  });

const kinds = (bytes: Buffer): string[] => walkMessage(bytes).problems.map((p) => p.kind);

describe('walkMessage', () => {
  it('finds no fault in a well-formed message, compressed or not', () => {
    const walked = walkMessage(answer());
    expect(walked.problems).toEqual([]);
    const message = walked.message;
    if (!message) throw new Error('unreadable');
    const compressed = writeMessage(message, true);
    expect(compressed.length).toBeLessThan(answer().length);
    expect(kinds(compressed)).toEqual([]);
    expect(dnsPacket.decode(compressed).answers?.[1]).toMatchObject({ type: 'MX', data: { exchange: 'mx1.cs.umass.edu' } });
  });

  it('reports bytes after the last counted record', () => {
    expect(kinds(Buffer.concat([answer(), Buffer.from([0, 0])]))).toEqual(['trailing']);
  });

  it('reports a header that counts more records than the message holds', () => {
    const bytes = answer();
    bytes.writeUInt16BE(3, 6);
    expect(kinds(bytes)).toEqual(['counts']);
  });

  it('reports an A record whose RDLENGTH is not 4, and still reads the rest', () => {
    const walked = walkMessage(answer());
    const message = walked.message;
    if (!message) throw new Error('unreadable');
    const first = message.answers[0];
    if (!first || first.rdata[0]?.kind !== 'bytes') throw new Error('no A record');
    first.rdata = [{ kind: 'bytes', bytes: Buffer.concat([first.rdata[0].bytes, Buffer.alloc(1)]) }];
    const padded = writeMessage(message, true);
    expect(kinds(padded)).toEqual(['rdlength']);
    expect(walkMessage(padded).message?.answers).toHaveLength(2);
  });

  it('reports a pointer that points forward but follows it', () => {
    const header = Buffer.from([0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    const question = Buffer.from([0xc0, 18, 0, 1, 0, 1]); // the name is the answer's owner, at offset 18
    const record = Buffer.concat([Buffer.from([1, 0x61, 0]), Buffer.from([0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1])]);
    const walked = walkMessage(Buffer.concat([header, question, record]));
    expect(walked.problems.map((p) => p.kind)).toEqual(['pointer']);
    expect(walked.message?.questions[0]?.labels.map(String)).toEqual(['a']);
  });

  it('gives up on pointers that loop, naming the loop', () => {
    const header = Buffer.from([0, 1, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    const walked = walkMessage(Buffer.concat([header, Buffer.from([0xc0, 12, 0, 1, 0, 1])]));
    expect(walked.message).toBeUndefined();
    expect(new Set(walked.problems.map((p) => p.kind))).toEqual(new Set(['pointer']));
    expect(walked.message === undefined && walked.fatal).toMatch(/loop/);
  });

  it('reports a name longer than 255 octets', () => {
    const header = Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    const labels = Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)]));
    expect(kinds(Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]))).toEqual(['name-length']);
  });

  it('treats a message cut inside a record as unreadable', () => {
    const bytes = answer();
    const walked = walkMessage(bytes.subarray(0, bytes.length - 3));
    expect(walked.message).toBeUndefined();
  });
});
