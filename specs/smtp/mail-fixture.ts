import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SuiteOptions } from '../../harness/core/rule.ts';

/**
 * What the smtp suite knows of a target's data (fixtures/mail/README.md): the local domain
 * (--mail-domain, default example.test) and the users of fixtures/mail/users.json.
 */

export const defaultMailDomain = 'example.test';

export function mailDomain(options: SuiteOptions): string {
  return options.mailDomain ?? defaultMailDomain;
}

const cache = new Map<string, string[]>();

function localParts(fixturesDir: string): string[] {
  const cached = cache.get(fixturesDir);
  if (cached) return cached;
  const file = path.join(fixturesDir, 'mail', 'users.json');
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    entries = undefined;
  }
  const parts = Array.isArray(entries)
    ? entries.map((e: { address?: unknown }) => (typeof e?.address === 'string' ? e.address.split('@')[0] ?? '' : '')).filter((p) => p !== '')
    : [];
  cache.set(fixturesDir, parts);
  return parts;
}

/** The mailboxes at the local domain that the target must accept, e.g. alice@example.test. */
export function localMailboxes(options: SuiteOptions): string[] {
  const parts = localParts(options.fixturesDir);
  return parts.map((local) => `${local}@${mailDomain(options)}`);
}
