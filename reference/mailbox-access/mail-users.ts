import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The accounts of fixtures/mail/users.json, shared by the SMTP, POP3 and IMAP references. */
export interface MailUser {
  user: string;
  pass: string;
  address: string;
}

export class MailUsers {
  private constructor(private readonly byName: ReadonlyMap<string, MailUser>) {}

  static async load(fixturesDir: string): Promise<MailUsers> {
    const file = path.join(fixturesDir, 'mail', 'users.json');
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${file} is not an array of users`);
    const byName = new Map<string, MailUser>();
    for (const entry of parsed as Partial<MailUser>[]) {
      if (typeof entry.user !== 'string' || typeof entry.pass !== 'string') throw new Error(`${file}: every user needs 'user' and 'pass'`);
      byName.set(entry.user, { user: entry.user, pass: entry.pass, address: entry.address ?? '' });
    }
    return new MailUsers(byName);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** The password of `user`, for digest mechanisms (APOP) that need the shared secret. */
  secretOf(user: string): string | undefined {
    return this.byName.get(user)?.pass;
  }

  /** True when `user` exists and `pass` is its password; compares in constant time. */
  verify(user: string, pass: string): boolean {
    const known = this.byName.get(user);
    const expected = Buffer.from(known?.pass ?? '\u0000no such user');
    const given = Buffer.from(pass);
    const same = expected.length === given.length && timingSafeEqual(expected, given);
    return known !== undefined && same;
  }
}
