import { violation } from '../../harness/core/expect.ts';
import { type ImapClient, quote } from './imap-client.ts';
import { textOf } from './imap-response.ts';

/** One LIST response: attributes, hierarchy delimiter, name (RFC 3501 §7.2.2). */
export interface ListEntry {
  attributes: string[];
  delimiter: string | undefined;
  name: string;
}

export async function list(client: ImapClient, pattern: string, reference = ''): Promise<ListEntry[]> {
  const result = await client.ok(['LIST ', quote(reference), ' ', quote(pattern)]);
  return result.untagged.filter((r) => r.name === 'LIST').map((r) => {
    const [attributes, delimiter, name] = r.values;
    if (!Array.isArray(attributes) || textOf(name) === undefined) violation('a LIST response that is not (attributes) delimiter name', '* LIST (…) "." name', r.raw);
    return { attributes: attributes.map((a) => textOf(a) ?? ''), delimiter: textOf(delimiter), name: textOf(name) as string };
  });
}

export async function listNames(client: ImapClient, pattern: string): Promise<string[]> {
  return (await list(client, pattern)).map((e) => e.name);
}
