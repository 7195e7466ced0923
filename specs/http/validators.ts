import type { RunIO } from '../../harness/runner/run-io.ts';
import { parseHttpDate } from './http-date.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

/** The Last-Modified of a fixture file, or a skip when the target sends none (a SHOULD). */
export async function lastModifiedOf(io: RunIO, path: string): Promise<{ text: string; date: Date }> {
  const response = await exchange(io, { target: path });
  const text = fieldValue(response, 'last-modified');
  if (text === undefined) io.notApplicable(`the target sends no Last-Modified for ${path}`);
  const date = parseHttpDate(text);
  if (!date) io.notApplicable(`the Last-Modified of ${path} is not an HTTP-date: ${JSON.stringify(text)}`);
  return { text, date };
}
