import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { flagSubset, message } from './arbitraries.ts';
import { type ImapClient, fetchesOf, flagList, quote } from './imap-client.ts';
import { textOf } from './imap-response.ts';

/**
 * The model of a selected scratch mailbox (RFC 3501 §2.3.1, §6.4.3, §6.4.6, §7.4.1): the
 * messages in sequence order, each with its UID and flags. After every command the real
 * mailbox must match: the same count, the same UID at each sequence number, the same flags;
 * new messages get UIDs above every earlier one; EXPUNGE responses renumber as they arrive.
 */
export interface MailboxModel {
  messages: { uid: number; flags: Set<string> }[];
  uidValidity: number;
  highestUid: number;
}

export interface MailboxReal {
  client: ImapClient;
  mailbox: string;
}

type MailboxCommand = fc.AsyncCommand<MailboxModel, MailboxReal>;

const sorted = (flags: Iterable<string>): string => [...flags].filter((f) => f !== '\\Recent').sort().join(' ');

/** Compares the server's mailbox with the model; adopts the UIDs of messages the model has not seen yet. */
async function compare(model: MailboxModel, { client }: MailboxReal): Promise<void> {
  const result = await client.ok('FETCH 1:* (UID FLAGS)').catch(async (error: unknown) => {
    if (model.messages.length === 0) return undefined; // FETCH 1:* of an empty mailbox may be refused
    throw error;
  });
  if (!result) return;
  const rows = [...fetchesOf(result.untagged).entries()].map(([number, attributes]) => ({
    number,
    uid: Number(textOf(attributes.get('UID'))),
    flags: flagList(attributes.get('FLAGS')),
  }));
  expectEqual('messages in the mailbox', rows.length, model.messages.length);
  rows.sort((a, b) => a.number - b.number).forEach((row, i) => {
    expectEqual('sequence numbers', row.number, i + 1);
    const expected = model.messages[i];
    if (!expected) return;
    if (expected.uid === 0) {
      expectThat(row.uid > model.highestUid, `the new message ${i + 1} got a UID not above every earlier one`, `> ${model.highestUid}`, String(row.uid));
      expected.uid = row.uid;
      model.highestUid = row.uid;
    }
    expectEqual(`UID of message ${i + 1}`, row.uid, expected.uid);
    expectEqual(`flags of message ${i + 1} (UID ${row.uid})`, sorted(row.flags), sorted(expected.flags));
  });
}

class Append implements MailboxCommand {
  constructor(readonly octets: Buffer, readonly flags: string[]) {}
  check = (model: MailboxModel): boolean => model.messages.length < 8;
  async run(model: MailboxModel, real: MailboxReal): Promise<void> {
    await real.client.ok(['APPEND ', quote(real.mailbox), this.flags.length > 0 ? ` (${this.flags.join(' ')}) ` : ' ', { literal: this.octets }]);
    await real.client.ok('NOOP');
    model.messages.push({ uid: 0, flags: new Set(this.flags) });
    await compare(model, real);
  }
  toString = (): string => `APPEND (${this.flags.join(' ')})`;
}

class Store implements MailboxCommand {
  constructor(readonly pick: number, readonly op: '+' | '-' | '', readonly flags: string[]) {}
  check = (model: MailboxModel): boolean => model.messages.length > 0;
  async run(model: MailboxModel, real: MailboxReal): Promise<void> {
    const index = this.pick % model.messages.length;
    const target = model.messages[index];
    if (!target) return;
    await real.client.ok(`STORE ${index + 1} ${this.op}FLAGS (${this.flags.join(' ')})`);
    if (this.op === '+') this.flags.forEach((f) => target.flags.add(f));
    else if (this.op === '-') this.flags.forEach((f) => target.flags.delete(f));
    else target.flags = new Set(this.flags);
    await compare(model, real);
  }
  toString = (): string => `STORE #${this.pick} ${this.op}FLAGS (${this.flags.join(' ')})`;
}

class Expunge implements MailboxCommand {
  check = (): boolean => true;
  async run(model: MailboxModel, real: MailboxReal): Promise<void> {
    const result = await real.client.ok('EXPUNGE');
    // Each EXPUNGE response names a sequence number in the numbering left by the ones before it.
    const view = [...model.messages];
    for (const response of result.untagged.filter((r) => r.name === 'EXPUNGE')) {
      const number = response.number ?? 0;
      expectThat(number >= 1 && number <= view.length, `EXPUNGE ${number} names no message (there are ${view.length})`, `1…${view.length}`, String(number));
      view.splice(number - 1, 1);
    }
    model.messages = model.messages.filter((m) => !m.flags.has('\\Deleted'));
    expectEqual('UIDs left after applying the EXPUNGE responses', view.map((m) => m.uid).join(' '), model.messages.map((m) => m.uid).join(' '));
    await compare(model, real);
  }
  toString = (): string => 'EXPUNGE';
}

class Noop implements MailboxCommand {
  check = (): boolean => true;
  async run(model: MailboxModel, real: MailboxReal): Promise<void> {
    await real.client.ok('NOOP');
    await compare(model, real);
  }
  toString = (): string => 'NOOP';
}

export const mailboxCommands = (max: number): fc.Arbitrary<Iterable<MailboxCommand>> =>
  fc.commands(
    [
      fc.tuple(message(), flagSubset()).map(([m, flags]) => new Append(m.octets, flags)),
      fc.tuple(fc.nat(20), fc.constantFrom('+' as const, '-' as const, '' as const), flagSubset()).map(([pick, op, flags]) => new Store(pick, op, flags)),
      fc.constant(new Expunge()),
      fc.constant(new Noop()),
    ],
    { maxCommands: max },
  );
