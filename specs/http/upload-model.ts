import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { isSuccess } from './checks.ts';
import { uploadArea } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';
import { requirePutSupport } from './uploads.ts';

/**
 * A state machine for the upload area (RFC 9110 §9.3.4, §13.1.2): a few names, each holding
 * the bytes last PUT there. GET returns them; a conditional GET with an ETag seen earlier is
 * 304 exactly when the bytes are still the ones that ETag was given for.
 */

export interface UploadModel {
  files: Map<number, string>;
}

export class UploadArea {
  /** A prefix per run: the target keeps files from earlier runs. */
  private readonly prefix = randomBytes(5).toString('hex');
  /** The last ETag GET returned per name, with the content it came with. */
  readonly seenTags = new Map<number, { etag: string; content: string }>();

  constructor(readonly io: RunIO) {}

  path(slot: number): string {
    return `${uploadArea}m-${this.prefix}-${slot}.txt`;
  }
}

type UploadCommand = fc.AsyncCommand<UploadModel, UploadArea>;

/** Bodies of one length: a validator made from the length alone cannot tell them apart. */
export const sameLengthBodies = ['alpha-1', 'alpha-2', 'bravo-3', 'delta-4'];

class PutCommand implements UploadCommand {
  constructor(
    readonly slot: number,
    readonly body: string,
  ) {}

  check(_model: Readonly<UploadModel>): boolean {
    return true;
  }

  async run(model: UploadModel, real: UploadArea): Promise<void> {
    const path = real.path(this.slot);
    const response = await exchange(real.io, { method: 'PUT', target: path, body: this.body, fields: [['Content-Type', 'text/plain']] });
    requirePutSupport(real.io, response, path);
    expectThat(isSuccess(response.status), `PUT ${path} got ${response.status}`, '2xx', String(response.status));
    model.files.set(this.slot, this.body);
  }

  toString(): string {
    return `PUT slot ${this.slot} ${JSON.stringify(this.body)}`;
  }
}

class GetCommand implements UploadCommand {
  constructor(readonly slot: number) {}

  check(model: Readonly<UploadModel>): boolean {
    return model.files.has(this.slot);
  }

  async run(model: UploadModel, real: UploadArea): Promise<void> {
    const path = real.path(this.slot);
    const expected = model.files.get(this.slot) as string;
    const response = await exchange(real.io, { target: path });
    expectEqual(`status of GET ${path}`, response.status, 200);
    expectBytesEqual(`GET ${path} after the last PUT`, response.body, Buffer.from(expected, 'latin1'));
    const etag = fieldValue(response, 'etag');
    if (etag !== undefined) real.seenTags.set(this.slot, { etag, content: expected });
  }

  toString(): string {
    return `GET slot ${this.slot}`;
  }
}

class ConditionalGetCommand implements UploadCommand {
  constructor(readonly slot: number) {}

  check(model: Readonly<UploadModel>): boolean {
    return model.files.has(this.slot);
  }

  async run(model: UploadModel, real: UploadArea): Promise<void> {
    const seen = real.seenTags.get(this.slot);
    if (!seen) return;
    const path = real.path(this.slot);
    const current = model.files.get(this.slot) as string;
    const response = await exchange(real.io, { target: path, fields: [['If-None-Match', seen.etag]] });
    if (current === seen.content) {
      expectEqual(`status of GET ${path} with If-None-Match: ${seen.etag} (content unchanged)`, response.status, 304);
      return;
    }
    expectEqual(`status of GET ${path} with If-None-Match: ${seen.etag} (content replaced since)`, response.status, 200);
    expectBytesEqual(`GET ${path} with a stale If-None-Match`, response.body, Buffer.from(current, 'latin1'));
  }

  toString(): string {
    return `conditional GET slot ${this.slot}`;
  }
}

const slot = fc.integer({ min: 0, max: 2 });
const putCommand = fc.tuple(slot, fc.constantFrom(...sameLengthBodies)).map(([s, body]): UploadCommand => new PutCommand(s, body));
const getCommand = slot.map((s): UploadCommand => new GetCommand(s));
const conditionalGetCommand = slot.map((s): UploadCommand => new ConditionalGetCommand(s));

export const putGetCommands = (): fc.Arbitrary<Iterable<UploadCommand>> => fc.commands([putCommand, getCommand], { maxCommands: 10 });
export const conditionalCommands = (): fc.Arbitrary<Iterable<UploadCommand>> => fc.commands([putCommand, getCommand, conditionalGetCommand], { maxCommands: 12 });

/**
 * The generated commands follow a fixed opening on slot 0 that every run goes through: PUT,
 * GET, conditional GET (unchanged), PUT of other bytes of the same length, conditional GET
 * (now stale), GET. Random sequences alone reach that case too seldom in a few runs.
 */
function opening(conditional: boolean): UploadCommand[] {
  const [first, second] = sameLengthBodies as [string, string];
  const steps: UploadCommand[] = [new PutCommand(0, first), new GetCommand(0)];
  if (conditional) steps.push(new ConditionalGetCommand(0));
  steps.push(new PutCommand(0, second));
  if (conditional) steps.push(new ConditionalGetCommand(0));
  steps.push(new GetCommand(0));
  return steps;
}

export async function runUploadCommands(io: RunIO, commands: Iterable<UploadCommand>, options: { conditional: boolean }): Promise<void> {
  io.step(`opening: ${opening(options.conditional).map(String).join('; ')}`);
  await fc.asyncModelRun(() => ({ model: { files: new Map() }, real: new UploadArea(io) }), [...opening(options.conditional), ...commands]);
}
