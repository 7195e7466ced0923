import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient, flagList, quote } from './imap-client.ts';
import { textOf } from './imap-response.ts';

/**
 * RFC 3501 §6.4.4: SEARCH answers the sequence numbers of the messages that meet every key;
 * checked against what FETCH says of the same messages.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.4', title: 'SEARCH Command' };

const numbers = (list: number[]): string => [...list].sort((a, b) => a - b).join(' ');

export default section(citation, [
  rule({
    slug: 'flag-keys-match-fetch-flags',
    level: 'MUST',
    title: 'SEARCH SEEN, UNSEEN, FLAGGED, DELETED … find exactly the messages whose FETCH FLAGS say so',
    sends: 'EXAMINE INBOX, FETCH 1:* (FLAGS), SEARCH <flag key>',
    input: fc.constantFrom(['SEEN', '\\Seen', true], ['UNSEEN', '\\Seen', false], ['FLAGGED', '\\Flagged', true], ['UNDELETED', '\\Deleted', false], ['ANSWERED', '\\Answered', true], ['UNDRAFT', '\\Draft', false]),
    maxRuns: 6,
    check: async (io, [key, flag, wanted]) => {
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX', true)).exists === 0) return io.notApplicable('INBOX is empty');
      const flags = await client.fetch('1:*', '(FLAGS)');
      const expected = [...flags.entries()].filter(([, f]) => flagList(f.get('FLAGS')).includes(flag) === wanted).map(([n]) => n);
      expectEqual(`SEARCH ${key}`, numbers(await client.search(key)), numbers(expected));
    },
  }),
  rule({
    slug: 'subject-substring-finds-message',
    level: 'MUST',
    title: 'SEARCH SUBJECT with part of a message\'s subject finds that message, in any case',
    sends: 'EXAMINE INBOX, FETCH n ENVELOPE, SEARCH SUBJECT <part of its subject, case changed>',
    input: fc.record({ pick: fc.nat(), start: fc.nat(), length: fc.integer({ min: 1, max: 6 }), upper: fc.boolean() }),
    maxRuns: 10,
    check: async (io, { pick, start, length, upper }) => {
      const client = await ImapClient.loggedIn(io);
      const exists = (await client.select('INBOX', true)).exists;
      if (exists === 0) return io.notApplicable('INBOX is empty');
      const number = (pick % exists) + 1;
      const envelope = (await client.fetch(String(number), 'ENVELOPE')).get(number)?.get('ENVELOPE');
      const subject = Array.isArray(envelope) ? textOf(envelope[1]) : undefined;
      if (!subject || !/^[\x20-\x7e]+$/.test(subject)) return io.notApplicable(`message ${number} has no plain ASCII subject`);
      const from = start % subject.length;
      const part = subject.slice(from, from + length);
      const needle = upper ? part.toUpperCase() : part.toLowerCase();
      const found = await client.search(['SUBJECT ', quote(needle)]);
      expectThat(found.includes(number), `SEARCH SUBJECT ${JSON.stringify(needle)} does not find message ${number} (subject ${JSON.stringify(subject)})`, `includes ${number}`, numbers(found));
    },
  }),
  rule({
    slug: 'size-keys-match-rfc822-size',
    level: 'MUST',
    title: 'SEARCH LARGER n and SMALLER n agree with RFC822.SIZE',
    sends: 'EXAMINE INBOX, FETCH 1:* RFC822.SIZE, SEARCH LARGER n / SMALLER n',
    input: fc.record({ larger: fc.boolean(), pick: fc.nat(), delta: fc.integer({ min: -2, max: 2 }) }),
    maxRuns: 10,
    check: async (io, { larger, pick, delta }) => {
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX', true)).exists === 0) return io.notApplicable('INBOX is empty');
      const sizes = [...(await client.fetch('1:*', 'RFC822.SIZE')).entries()].map(([n, f]) => [n, Number(textOf(f.get('RFC822.SIZE')))] as const);
      const threshold = Math.max(1, (sizes[pick % sizes.length]?.[1] ?? 1) + delta);
      const expected = sizes.filter(([, size]) => (larger ? size > threshold : size < threshold)).map(([n]) => n);
      expectEqual(`SEARCH ${larger ? 'LARGER' : 'SMALLER'} ${threshold}`, numbers(await client.search(`${larger ? 'LARGER' : 'SMALLER'} ${threshold}`)), numbers(expected));
    },
  }),
  rule({
    slug: 'not-and-or-combine',
    level: 'MUST',
    title: 'NOT k finds the complement of k, OR a b the union, and keys side by side the intersection',
    sends: 'EXAMINE INBOX, SEARCH a, SEARCH b, SEARCH NOT a, SEARCH OR a b, SEARCH a b',
    input: fc.tuple(fc.constantFrom('SEEN', 'FLAGGED', 'LARGER 300', 'SMALLER 300', '1:2', 'ANSWERED'), fc.constantFrom('UNSEEN', 'DELETED', 'LARGER 250', '2:*', 'UNFLAGGED')),
    maxRuns: 10,
    check: async (io, [a, b]) => {
      const client = await ImapClient.loggedIn(io);
      const exists = (await client.select('INBOX', true)).exists;
      if (exists === 0) return io.notApplicable('INBOX is empty');
      const all = Array.from({ length: exists }, (_, i) => i + 1);
      const inA = new Set(await client.search(a));
      const inB = new Set(await client.search(b));
      expectEqual(`SEARCH NOT ${a}`, numbers(await client.search(`NOT ${a}`)), numbers(all.filter((n) => !inA.has(n))));
      expectEqual(`SEARCH OR ${a} ${b}`, numbers(await client.search(`OR ${a} ${b}`)), numbers(all.filter((n) => inA.has(n) || inB.has(n))));
      expectEqual(`SEARCH ${a} ${b}`, numbers(await client.search(`${a} ${b}`)), numbers(all.filter((n) => inA.has(n) && inB.has(n))));
    },
  }),
]);
