import fc from 'fast-check';
import { expectOneOf, expectThat } from '../../harness/core/expect.ts';
import type { RuleSetup } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { localRecipient, simpleMessage, unknownLocalMailbox } from './arbitraries.ts';
import { SmtpDialogue, clientName, replyText } from './smtp-dialogue.ts';

/**
 * The SMTP session as a state machine (RFC 5321 §3.3, §4.1.1, §4.1.4): greeted or not; a
 * transaction open or not; how many recipients it has. Each command states the replies the
 * model allows in the current state and how the state moves on.
 */

interface SessionModel {
  greeted: boolean;
  mailOpen: boolean;
  recipients: number;
}

type SessionCommand = fc.AsyncCommand<SessionModel, SmtpDialogue>;

const reset = (model: SessionModel): void => {
  model.mailOpen = false;
  model.recipients = 0;
};

async function expectCodes(smtp: SmtpDialogue, line: string, codes: number[], state: SessionModel): Promise<number> {
  const reply = await smtp.send(line);
  const where = `${state.greeted ? 'greeted' : 'not greeted'}, ${state.mailOpen ? `transaction open with ${state.recipients} recipient(s)` : 'no transaction'}`;
  expectOneOf(`the reply to ${line} (${where}; got ${replyText(reply)})`, reply.code, codes);
  return reply.code;
}

class Greet implements SessionCommand {
  constructor(readonly verb: 'EHLO' | 'HELO') {}
  check = (): boolean => true;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    await expectCodes(smtp, `${this.verb} ${clientName}`, [250], model);
    model.greeted = true;
    reset(model);
  }
  toString = (): string => this.verb;
}

class Mail implements SessionCommand {
  check = (): boolean => true;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    const allowed = model.greeted && !model.mailOpen ? [250] : [503];
    await expectCodes(smtp, 'MAIL FROM:<sender@sender.rfcheck.test>', allowed, model);
    if (allowed[0] === 250) model.mailOpen = true;
  }
  toString = (): string => 'MAIL';
}

class Rcpt implements SessionCommand {
  constructor(
    readonly mailbox: string,
    readonly known: boolean,
  ) {}
  check = (): boolean => true;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    const line = `RCPT TO:<${this.mailbox}>`;
    if (!model.mailOpen) {
      await expectCodes(smtp, line, [503], model);
      return;
    }
    if (this.known) {
      await expectCodes(smtp, line, [250, 251], model);
      model.recipients += 1;
      return;
    }
    const reply = await smtp.send(line);
    expectThat(reply.code >= 500 && reply.code <= 559 && reply.code !== 503, `an unknown recipient inside a transaction got ${replyText(reply)}`, 'a 5yz refusal (550)', String(reply.code));
  }
  toString = (): string => `RCPT ${this.mailbox}`;
}

class Data implements SessionCommand {
  constructor(readonly message: string) {}
  check = (): boolean => true;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    if (model.recipients === 0) {
      const reply = await smtp.send('DATA');
      if (reply.code === 354) await smtp.connection.write('.\r\n');
      expectOneOf(`DATA with no accepted recipient (${replyText(reply)})`, reply.code, [503, 554]);
      return;
    }
    const reply = await smtp.sendMessage(Buffer.from(this.message, 'latin1'));
    expectOneOf(`the reply to the final "." (${replyText(reply)})`, reply.code, [250]);
    reset(model);
  }
  toString = (): string => 'DATA …';
}

class Rset implements SessionCommand {
  check = (): boolean => true;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    await expectCodes(smtp, 'RSET', [250], model);
    reset(model);
  }
  toString = (): string => 'RSET';
}

class Noop implements SessionCommand {
  check = (): boolean => true;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    await expectCodes(smtp, 'NOOP', [250], model);
  }
  toString = (): string => 'NOOP';
}

class Vrfy implements SessionCommand {
  constructor(readonly name: string) {}
  check = (model: SessionModel): boolean => model.greeted;
  async run(model: SessionModel, smtp: SmtpDialogue): Promise<void> {
    // Any verdict on the name (250, 252, 550, …) is fine; the state must not change, which the next commands show.
    const reply = await smtp.send(`VRFY ${this.name}`);
    expectThat(reply.code !== 503, `VRFY after EHLO was refused as out of sequence (${replyText(reply)})`, 'not 503', '503');
  }
  toString = (): string => `VRFY ${this.name}`;
}

const sessionCommands = (setup: RuleSetup): fc.Arbitrary<Iterable<SessionCommand>> => {
  const known = localRecipient(setup);
  // Greeting, MAIL and a good RCPT are listed twice: fast-check picks among the entries evenly, and
  // the states worth testing (a transaction with recipients) lie behind them.
  const greet = fc.constantFrom(new Greet('EHLO'), new Greet('HELO'));
  const mail = fc.constant(new Mail());
  const rcpt = known.map((m) => new Rcpt(m, true));
  return fc.commands(
    [
      greet,
      greet,
      mail,
      mail,
      rcpt,
      rcpt,
      unknownLocalMailbox(setup).map((m) => new Rcpt(m, false)),
      simpleMessage().map((m) => new Data(m)),
      fc.constant(new Rset()),
      fc.constant(new Noop()),
      known.map((m) => new Vrfy(m.split('@')[0] ?? m)),
    ],
    { maxCommands: 16 },
  );
};

/**
 * A fixed tour first, through every state and transition of the model (so that a wrong
 * transition is met on every run, not only when the generator happens upon it), then the
 * generated sequence from wherever the tour left the session.
 */
function tour(setup: { known: string; unknown: string; message: string }): SessionCommand[] {
  const { known, unknown, message } = setup;
  return [
    new Noop(), new Rset(), new Mail(), new Rcpt(known, true), new Data(message),
    new Greet('EHLO'), new Rcpt(known, true), new Data(message),
    new Mail(), new Mail(), new Data(message), new Rcpt(unknown, false), new Rcpt(known, true), new Noop(), new Data(message),
    new Rcpt(known, true),
    new Mail(), new Rcpt(known, true), new Rset(), new Data(message),
    new Mail(), new Rcpt(known, true), new Greet('EHLO'), new Data(message),
    new Greet('HELO'), new Mail(), new Rcpt(known, true), new Vrfy(known.split('@')[0] ?? known), new Data(message),
  ];
}

export interface SessionModelInput {
  tour: { known: string; unknown: string; message: string };
  commands: Iterable<SessionCommand>;
}

export const sessionModelInput = (setup: RuleSetup): fc.Arbitrary<SessionModelInput> =>
  fc.record({
    tour: fc.record({ known: localRecipient(setup), unknown: unknownLocalMailbox(setup), message: simpleMessage() }),
    commands: sessionCommands(setup),
  });

export async function sessionModelCheck(io: RunIO, input: SessionModelInput): Promise<void> {
  const smtp = await SmtpDialogue.open(io);
  await fc.asyncModelRun(() => ({ model: { greeted: false, mailOpen: false, recipients: 0 }, real: smtp }), [...tour(input.tour), ...input.commands]);
}
