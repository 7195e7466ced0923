import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A mailbox the reference delivers to: fixtures/mail/users.json. */
export interface MailUser {
  user: string;
  pass: string;
  address: string;
}

/** Local names that RFC 5321 §4.5.1 requires every delivering server to accept; delivered to the first user. */
const postmaster = 'postmaster';

export async function loadMailUsers(fixturesDir: string): Promise<MailUser[]> {
  const file = path.join(fixturesDir, 'mail', 'users.json');
  const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error(`${file} holds no users`);
  return parsed.map((entry: unknown) => {
    const { user, pass, address } = (entry ?? {}) as Record<string, unknown>;
    if (typeof user !== 'string' || typeof pass !== 'string' || typeof address !== 'string' || !/^[a-z0-9._-]+$/i.test(user)) {
      throw new Error(`${file}: each entry needs a plain "user", a "pass" and an "address"`);
    }
    return { user, pass, address };
  });
}

/**
 * Which user's Maildir a recipient reaches, if any. Domains compare without case (RFC 5321
 * §2.4); local parts compare exactly, except postmaster, which is case-insensitive (§4.5.1)
 * and may come without a domain.
 */
export class UserDirectory {
  private readonly byLocalPart = new Map<string, string>();

  constructor(
    readonly users: MailUser[],
    readonly domain: string,
  ) {
    for (const entry of users) {
      const [local, entryDomain] = splitAddress(entry.address);
      if (entryDomain.toLowerCase() === domain.toLowerCase()) this.byLocalPart.set(local, entry.user);
    }
  }

  isLocalDomain(domain: string): boolean {
    return domain.toLowerCase() === this.domain.toLowerCase();
  }

  /** The user a mailbox (local@domain, or a bare postmaster) delivers to. */
  lookup(mailbox: string): string | undefined {
    const at = mailbox.lastIndexOf('@');
    if (at < 0) return mailbox.toLowerCase() === postmaster ? this.postmasterUser() : undefined;
    const [local, domain] = splitAddress(mailbox);
    if (!this.isLocalDomain(domain)) return undefined;
    if (local.toLowerCase() === postmaster) return this.postmasterUser();
    return this.byLocalPart.get(local);
  }

  private postmasterUser(): string | undefined {
    return this.users[0]?.user;
  }
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}
