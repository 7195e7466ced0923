import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SuiteOptions } from '../../harness/core/rule.ts';

/**
 * Who the mail-access suites (pop3, imap) log in as: --user/--pass, defaulting to the fixture
 * user alice with her password from fixtures/mail/users.json.
 */
export interface Credentials {
  user: string;
  pass: string;
}

export const fixtureUser = 'alice';

export function credentials(options: SuiteOptions): Credentials {
  const user = options.user ?? fixtureUser;
  const pass = options.pass ?? fixturePassword(options.fixturesDir, user) ?? '';
  return { user, pass };
}

const passwords = new Map<string, Map<string, string>>();

function fixturePassword(fixturesDir: string, user: string): string | undefined {
  let known = passwords.get(fixturesDir);
  if (!known) {
    known = new Map();
    try {
      const users = JSON.parse(readFileSync(path.join(fixturesDir, 'mail', 'users.json'), 'utf8')) as { user: string; pass: string }[];
      for (const entry of users) known.set(entry.user, entry.pass);
    } catch {
      // No fixture users: only --user/--pass can log in.
    }
    passwords.set(fixturesDir, known);
  }
  return known.get(user);
}
