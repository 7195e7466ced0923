import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The accounts the reference serves, read from fixtures/ftp/users.json. Each account has a home
 * folder (relative to the fixture tree) that becomes its root; the anonymous account takes any
 * password and is read-only.
 */
export interface Account {
  name: string;
  /** The fixture folder under tree/ whose copy is this account's root. */
  home: string;
  writable: boolean;
  anonymous: boolean;
}

interface UsersFile {
  users: { name: string; password: string; home: string; write: boolean }[];
  anonymous?: { names: string[]; home: string; write: boolean };
}

export class AccountBook {
  private constructor(
    private readonly users: UsersFile['users'],
    private readonly anonymous: UsersFile['anonymous'],
  ) {}

  static async load(fixtureFolder: string): Promise<AccountBook> {
    const parsed = JSON.parse(await readFile(path.join(fixtureFolder, 'users.json'), 'utf8')) as UsersFile;
    if (!Array.isArray(parsed.users)) throw new Error('users.json has no "users" list');
    return new AccountBook(parsed.users, parsed.anonymous);
  }

  /** Every home folder an account uses (the tree folders the server copies). */
  get homes(): string[] {
    return [...new Set([...this.users.map((u) => u.home), ...(this.anonymous ? [this.anonymous.home] : [])])];
  }

  /** The account `name` logs into with `password`, or undefined when the pair is wrong. */
  authenticate(name: string, password: string): Account | undefined {
    const account = this.accountNamed(name);
    if (!account || (!account.anonymous && this.users.find((u) => u.name === name)?.password !== password)) return undefined;
    return account;
  }

  /** The account a user name refers to (anonymous names included), whatever the password. */
  accountNamed(name: string): Account | undefined {
    const anonymous = this.anonymous;
    if (anonymous && anonymous.names.includes(name.toLowerCase())) {
      return { name, home: anonymous.home, writable: anonymous.write, anonymous: true };
    }
    const user = this.users.find((u) => u.name === name);
    return user && { name, home: user.home, writable: user.write, anonymous: false };
  }

  isAnonymousName(name: string): boolean {
    return this.anonymous?.names.includes(name.toLowerCase()) ?? false;
  }
}
