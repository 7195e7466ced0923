import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { listAll, retr, stat } from './maildrop-listing.ts';
import type { Pop3Client } from './pop3-client.ts';

/**
 * The model of one TRANSACTION-state session (RFC 1939 §5): the messages' sizes as listed at
 * login and the set of numbers marked deleted. Each command states what the server must answer
 * given the model, then updates it as the RFC says.
 */
export interface MaildropModel {
  sizes: number[];
  deleted: Set<number>;
}

type MaildropCommand = fc.AsyncCommand<MaildropModel, Pop3Client>;

const live = (model: MaildropModel): number[] => model.sizes.map((_, i) => i + 1).filter((n) => !model.deleted.has(n));
const numberOf = (model: MaildropModel, pick: number): number => (pick % model.sizes.length) + 1;

class Stat implements MaildropCommand {
  check = (): boolean => true;
  async run(model: MaildropModel, client: Pop3Client): Promise<void> {
    const drop = await stat(client);
    const numbers = live(model);
    expectEqual('STAT message count', drop.count, numbers.length);
    expectEqual('STAT octets', drop.size, numbers.reduce((sum, n) => sum + (model.sizes[n - 1] ?? 0), 0));
  }
  toString = (): string => 'STAT';
}

class List implements MaildropCommand {
  check = (): boolean => true;
  async run(model: MaildropModel, client: Pop3Client): Promise<void> {
    const listing = await listAll(client);
    expectEqual('LIST', listing.map((l) => `${l.number}:${l.size}`).join(' '), live(model).map((n) => `${n}:${model.sizes[n - 1]}`).join(' '));
  }
  toString = (): string => 'LIST';
}

class Dele implements MaildropCommand {
  constructor(readonly pick: number) {}
  check = (model: MaildropModel): boolean => model.sizes.length > 0;
  async run(model: MaildropModel, client: Pop3Client): Promise<void> {
    const number = numberOf(model, this.pick);
    const reply = await client.command(`DELE ${number}`);
    if (model.deleted.has(number)) {
      expectThat(!reply.ok, `DELE ${number} of a message already marked got a positive reply`, '-ERR', reply.line.text);
    } else {
      expectThat(reply.ok, `DELE ${number} was refused`, '+OK', reply.line.text);
      model.deleted.add(number);
    }
  }
  toString = (): string => `DELE #${this.pick}`;
}

class Rset implements MaildropCommand {
  check = (): boolean => true;
  async run(model: MaildropModel, client: Pop3Client): Promise<void> {
    const reply = await client.command('RSET');
    expectThat(reply.ok, 'RSET was refused', '+OK', reply.line.text);
    model.deleted.clear();
  }
  toString = (): string => 'RSET';
}

class Retr implements MaildropCommand {
  constructor(readonly pick: number) {}
  check = (model: MaildropModel): boolean => model.sizes.length > 0;
  async run(model: MaildropModel, client: Pop3Client): Promise<void> {
    const number = numberOf(model, this.pick);
    if (model.deleted.has(number)) {
      const reply = await client.send(`RETR ${number}`);
      expectThat(!reply.ok, `RETR ${number} of a message marked deleted got a positive reply`, '-ERR', reply.line.text);
      return;
    }
    expectEqual(`octets of message ${number}`, (await retr(client, number)).length, model.sizes[number - 1]);
  }
  toString = (): string => `RETR #${this.pick}`;
}

/** Sequences of up to `max` TRANSACTION commands. */
export const maildropCommands = (max: number): fc.Arbitrary<Iterable<MaildropCommand>> =>
  fc.commands(
    [
      fc.constant(new Stat()),
      fc.constant(new List()),
      fc.nat(20).map((pick) => new Dele(pick)),
      fc.constant(new Rset()),
      fc.nat(20).map((pick) => new Retr(pick)),
    ],
    { maxCommands: max },
  );
