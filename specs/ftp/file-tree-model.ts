import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat } from '../../harness/core/expect.ts';
import { type FtpControl, describeReply } from './control-connection.ts';
import { childPath, quotedPathname } from './quoted-pathname.ts';
import { download, get, names, put } from './transfers.ts';

/**
 * A model of the user's tree below a scratch directory, and the commands that change or read
 * it. Each command runs on the server and on the model; every observation (RETR bytes, NLST
 * names, PWD, the refusal of a missing name) must agree with the model.
 */

export interface TreeModel {
  /** Files by path relative to the scratch directory ("a", "d/b"). */
  files: Map<string, Uint8Array>;
  directories: Set<string>;
  /** The working directory relative to the scratch directory ("" is the scratch directory). */
  cwd: string;
}

export interface TreeReal {
  control: FtpControl;
  /** PWD of the scratch directory. */
  base: string;
}

type TreeCommand = fc.AsyncCommand<TreeModel, TreeReal>;

const join = (cwd: string, name: string): string => (cwd ? `${cwd}/${name}` : name);
const parentOf = (relative: string): string => relative.slice(0, Math.max(0, relative.lastIndexOf('/')));

function childrenOf(model: TreeModel, directory: string): string[] {
  const all = [...model.files.keys(), ...model.directories];
  return all.filter((p) => parentOf(p) === directory).map((p) => p.slice(p.lastIndexOf('/') + 1));
}

const exists = (model: TreeModel, relative: string): boolean => model.files.has(relative) || model.directories.has(relative);

class Store implements TreeCommand {
  constructor(readonly name: string, readonly bytes: Uint8Array, readonly append: boolean) {}
  check = (m: Readonly<TreeModel>): boolean => !m.directories.has(join(m.cwd, this.name));
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    const path = join(m.cwd, this.name);
    await put(r.control, this.name, this.bytes, this.append ? 'APPE' : 'STOR');
    const before = this.append ? (m.files.get(path) ?? new Uint8Array()) : new Uint8Array();
    m.files.set(path, Buffer.concat([before, this.bytes]));
  }
  toString = (): string => `${this.append ? 'APPE' : 'STOR'} ${this.name} (${this.bytes.length} bytes)`;
}

class Retrieve implements TreeCommand {
  constructor(readonly name: string) {}
  check = (m: Readonly<TreeModel>): boolean => !m.directories.has(join(m.cwd, this.name));
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    const expected = m.files.get(join(m.cwd, this.name));
    if (expected) {
      expectBytesEqual(`RETR ${this.name}`, await get(r.control, this.name), expected);
      return;
    }
    const transfer = await download(r.control, `RETR ${this.name}`);
    expectThat(transfer.opening === undefined, `RETR ${this.name} started a transfer, but the model has no such file`, '450 or 550', describeReply(transfer.opening ?? transfer.final));
    expectThat(transfer.final.code >= 400, `RETR ${this.name} succeeded, but the model has no such file`, 'a 4yz or 5yz refusal', describeReply(transfer.final));
  }
  toString = (): string => `RETR ${this.name}`;
}

class Delete implements TreeCommand {
  constructor(readonly name: string) {}
  check = (m: Readonly<TreeModel>): boolean => !m.directories.has(join(m.cwd, this.name));
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    const path = join(m.cwd, this.name);
    const present = m.files.delete(path);
    await expectOutcome(r.control, `DELE ${this.name}`, present);
  }
  toString = (): string => `DELE ${this.name}`;
}

class Rename implements TreeCommand {
  constructor(readonly from: string, readonly to: string) {}
  check = (m: Readonly<TreeModel>): boolean =>
    this.from !== this.to && m.files.has(join(m.cwd, this.from)) && !m.directories.has(join(m.cwd, this.to));
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    await expectOutcome(r.control, `RNFR ${this.from}`, true);
    await expectOutcome(r.control, `RNTO ${this.to}`, true);
    const from = join(m.cwd, this.from);
    m.files.set(join(m.cwd, this.to), m.files.get(from) as Uint8Array);
    m.files.delete(from);
  }
  toString = (): string => `RNFR ${this.from}, RNTO ${this.to}`;
}

class MakeDirectory implements TreeCommand {
  constructor(readonly name: string) {}
  check = (m: Readonly<TreeModel>): boolean => !exists(m, join(m.cwd, this.name));
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    await expectOutcome(r.control, `MKD ${this.name}`, true);
    m.directories.add(join(m.cwd, this.name));
  }
  toString = (): string => `MKD ${this.name}`;
}

class RemoveDirectory implements TreeCommand {
  constructor(readonly name: string) {}
  check = (m: Readonly<TreeModel>): boolean => m.directories.has(join(m.cwd, this.name)) && childrenOf(m, join(m.cwd, this.name)).length === 0;
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    await expectOutcome(r.control, `RMD ${this.name}`, true);
    m.directories.delete(join(m.cwd, this.name));
  }
  toString = (): string => `RMD ${this.name}`;
}

class ChangeDirectory implements TreeCommand {
  constructor(readonly name: string) {}
  check = (m: Readonly<TreeModel>): boolean => !m.files.has(join(m.cwd, this.name));
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    const target = join(m.cwd, this.name);
    const present = m.directories.has(target);
    await expectOutcome(r.control, `CWD ${this.name}`, present);
    if (present) m.cwd = target;
    await expectWorkingDirectory(m, r);
  }
  toString = (): string => `CWD ${this.name}`;
}

class ChangeUp implements TreeCommand {
  check = (m: Readonly<TreeModel>): boolean => m.cwd !== '';
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    await expectOutcome(r.control, 'CDUP', true);
    m.cwd = parentOf(m.cwd);
    await expectWorkingDirectory(m, r);
  }
  toString = (): string => 'CDUP';
}

class ListNames implements TreeCommand {
  check = (): boolean => true;
  async run(m: TreeModel, r: TreeReal): Promise<void> {
    const listed = (await names(r.control)).sort();
    expectEqual('NLST of the working directory', listed.join(' | '), childrenOf(m, m.cwd).sort().join(' | '));
  }
  toString = (): string => 'NLST';
}

/**
 * The model judges state, not reply codes (their own rules do): a command the model expects to
 * work must draw a 2yz or 3yz reply, one it expects to fail a 4yz or 5yz.
 */
async function expectOutcome(control: FtpControl, command: string, works: boolean): Promise<void> {
  const reply = await control.command(command);
  const worked = reply.code < 400;
  if (worked !== works) {
    const expected = works ? 'success (2yz or 3yz), as the model has it' : 'a refusal (4yz or 5yz): the model has no such entry';
    expectThat(false, `${command}: expected ${expected}, got ${describeReply(reply)}`, expected, describeReply(reply));
  }
}

async function expectWorkingDirectory(m: TreeModel, r: TreeReal): Promise<void> {
  const pwd = quotedPathname('PWD', await r.control.command('PWD'));
  expectEqual('PWD', pwd, m.cwd ? childPath(r.base, m.cwd) : r.base);
}

/** A handful of names, so that commands often meet each other's files. */
const modelName = fc.constantFrom('a', 'b', 'c.txt', 'd');
const modelBytes = fc.uint8Array({ maxLength: 64 });

export function fileTreeCommands(): fc.Arbitrary<TreeCommand>[] {
  return [
    fc.tuple(modelName, modelBytes, fc.boolean()).map(([name, bytes, append]) => new Store(name, bytes, append)),
    modelName.map((name) => new Retrieve(name)),
    modelName.map((name) => new Delete(name)),
    fc.tuple(modelName, modelName).map(([from, to]) => new Rename(from, to)),
    modelName.map((name) => new MakeDirectory(name)),
    modelName.map((name) => new RemoveDirectory(name)),
    modelName.map((name) => new ChangeDirectory(name)),
    fc.constant(new ChangeUp()),
    fc.constant(new ListNames()),
  ];
}

export async function runFileTreeModel(control: FtpControl, commands: Iterable<TreeCommand>): Promise<void> {
  const base = quotedPathname('PWD', await control.command('PWD'));
  await fc.asyncModelRun(() => ({ model: { files: new Map(), directories: new Set<string>(), cwd: '' }, real: { control, base } }), commands);
}
