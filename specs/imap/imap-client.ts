import { expectThat, violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { credentials } from '../pop3/credentials.ts';
import { type ImapResponse, type ImapValue, fetchAttributes, readResponse, textOf } from './imap-response.ts';

/**
 * An IMAP client for checks: numbered tags, synchronising literals (waits for "+"), and every
 * response kept, so rules can judge both what a command returned and what came in between.
 */

/** A command as pieces: text, or octets sent as a literal. */
export type CommandPart = string | { literal: Buffer };

export interface CommandResult {
  tagged: ImapResponse;
  untagged: ImapResponse[];
}

export interface Selected extends CommandResult {
  exists: number;
  recent: number;
  uidValidity: number;
  uidNext: number | undefined;
  flags: string[];
  permanentFlags: string[] | undefined;
  readOnly: boolean;
}

export class ImapClient {
  private nextTag = 1;
  /** Every response received, in order, for the framing rules. */
  readonly received: ImapResponse[] = [];

  private constructor(
    readonly io: RunIO,
    readonly connection: TcpConnection,
    readonly greeting: ImapResponse,
  ) {}

  static async connect(io: RunIO): Promise<ImapClient> {
    const connection = await io.tcp();
    const greeting = await readResponse(connection, 'the greeting', 64 * 1024);
    const client = new ImapClient(io, connection, greeting);
    client.received.push(greeting);
    return client;
  }

  static async loggedIn(io: RunIO): Promise<ImapClient> {
    const client = await ImapClient.connect(io);
    const { user, pass } = credentials(io.options);
    const result = await client.command(['LOGIN ', quote(user), ' ', quote(pass)]);
    expectThat(result.tagged.name === 'OK', `LOGIN as ${user} failed`, 'OK', result.tagged.raw);
    return client;
  }

  /** Sends a command (tag added) and reads up to its tagged response. */
  async command(parts: CommandPart[] | string, what?: string): Promise<CommandResult> {
    const pieces = typeof parts === 'string' ? [parts] : parts;
    const tag = `t${this.nextTag++}`;
    const shown = pieces.map((p) => (typeof p === 'string' ? p : `{${p.literal.length}}…`)).join('');
    this.io.step(`C: ${tag} ${shown}`);
    const label = what ?? `the response to ${tag} ${shown.split(' ')[0]}`;
    const untagged: ImapResponse[] = [];
    let line = `${tag} `;
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        line += piece;
        continue;
      }
      await this.connection.write(`${line}{${piece.literal.length}}\r\n`);
      line = '';
      for (;;) {
        const response = await this.read(label);
        if (response.kind === 'continuation') break;
        if (response.kind === 'tagged') return { tagged: response, untagged };
        untagged.push(response);
      }
      await this.connection.write(piece.literal);
    }
    await this.connection.write(`${line}\r\n`);
    return this.finish(tag, label, untagged);
  }

  /** Reads responses until the one tagged `tag`. */
  async finish(tag: string, label: string, untagged: ImapResponse[] = []): Promise<CommandResult> {
    for (;;) {
      const response = await this.read(label);
      if (response.kind === 'tagged') {
        if (response.tag !== tag) violation(`a response tagged ${response.tag} while ${tag} was outstanding`, tag, response.raw);
        return { tagged: response, untagged };
      }
      if (response.kind === 'continuation') violation(`an unexpected continuation request during ${label}`, 'no "+" response', response.raw);
      untagged.push(response);
    }
  }

  async read(what: string): Promise<ImapResponse> {
    const response = await readResponse(this.connection, what, this.io.limits.maxReplyBytes);
    this.received.push(response);
    return response;
  }

  /** Sends a command that must succeed; a NO or BAD fails the rule. */
  async ok(parts: CommandPart[] | string): Promise<CommandResult> {
    const result = await this.command(parts);
    if (result.tagged.name !== 'OK') violation(`${commandName(parts)} failed`, 'OK', result.tagged.raw);
    return result;
  }

  async select(mailbox: string, examine = false): Promise<Selected> {
    const result = await this.ok([examine ? 'EXAMINE ' : 'SELECT ', quote(mailbox)]);
    const number = (name: string): number | undefined => result.untagged.find((r) => r.name === name && r.number !== undefined)?.number;
    const code = (name: string): string | undefined =>
      result.untagged.find((r) => r.name === 'OK' && r.code?.toUpperCase().startsWith(`${name} `))?.code?.slice(name.length + 1);
    const exists = number('EXISTS');
    const uidValidity = Number(code('UIDVALIDITY'));
    if (exists === undefined) violation(`${examine ? 'EXAMINE' : 'SELECT'} sent no EXISTS`, '* n EXISTS', 'none');
    const flagsResponse = result.untagged.find((r) => r.name === 'FLAGS');
    const permanent = code('PERMANENTFLAGS');
    return {
      ...result,
      exists,
      recent: number('RECENT') ?? 0,
      uidValidity,
      uidNext: code('UIDNEXT') === undefined ? undefined : Number(code('UIDNEXT')),
      flags: flagList(flagsResponse?.values[0]),
      permanentFlags: permanent === undefined ? undefined : permanent.replace(/^\(|\)$/g, '').split(' ').filter((f) => f !== ''),
      readOnly: /^READ-ONLY$/i.test(result.tagged.code ?? ''),
    };
  }

  /** FETCH (or UID FETCH): sequence number → attributes, for the FETCH responses of this command. */
  async fetch(set: string, items: string, byUid = false): Promise<Map<number, Map<string, ImapValue>>> {
    const result = await this.ok(`${byUid ? 'UID ' : ''}FETCH ${set} ${items}`);
    return fetchesOf(result.untagged);
  }

  /** SEARCH (or UID SEARCH): the numbers of its SEARCH response. */
  async search(criteria: CommandPart[] | string, byUid = false): Promise<number[]> {
    const pieces = typeof criteria === 'string' ? [criteria] : criteria;
    const result = await this.ok([`${byUid ? 'UID ' : ''}SEARCH `, ...pieces]);
    return result.untagged.filter((r) => r.name === 'SEARCH').flatMap((r) => r.values.map((v) => Number(textOf(v))));
  }

  async logout(): Promise<void> {
    await this.command('LOGOUT');
    this.connection.close();
  }
}

/** The FETCH responses among `responses`: sequence number → merged attributes. */
export function fetchesOf(responses: ImapResponse[]): Map<number, Map<string, ImapValue>> {
  const found = new Map<number, Map<string, ImapValue>>();
  for (const response of responses) {
    if (response.name !== 'FETCH' || response.number === undefined) continue;
    const merged = found.get(response.number) ?? new Map<string, ImapValue>();
    for (const [key, value] of fetchAttributes(response)) merged.set(key, value);
    found.set(response.number, merged);
  }
  return found;
}

/** A parenthesised flag list as flag names. */
export function flagList(value: ImapValue | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => textOf(v) ?? '').filter((f) => f !== '') : [];
}

/** A quoted string for the command line (RFC 3501 §4.3). */
export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function commandName(parts: CommandPart[] | string): string {
  const first = typeof parts === 'string' ? parts : typeof parts[0] === 'string' ? parts[0] : '';
  return first.trim().split(' ').slice(0, first.startsWith('UID') ? 2 : 1).join(' ');
}
