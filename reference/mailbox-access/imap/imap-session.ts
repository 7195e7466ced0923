import type net from 'node:net';
import { AnsweredError } from '../answered-error.ts';
import type { MailUsers } from '../mail-users.ts';
import { ClientGone, LineTooLong, type SocketReader } from '../socket-reader.ts';
import { writeBacklogDrained } from '../write-backlog.ts';
import { BadSyntax, type Token, astring, tokenize } from './command-arguments.ts';
import { CommandTooLong, readCommand } from './command-reader.ts';
import { bodyStructure, envelope, sectionOctets } from './fetch-data.ts';
import { listPatternMatcher } from './list-pattern.ts';
import { type ImapMessage, type Mailbox, UserMailboxes, delimiter, storeLimits, systemFlags } from './mailbox-store.ts';
import { parseEntity } from './mime-entity.ts';
import { type Wire, astringOut, joinWire, list, nstring } from './response-encoding.ts';
import { BadCriteria, compileSearch } from './search-criteria.ts';
import { inSequenceSet, parseSequenceSet } from './sequence-set.ts';

/** What every IMAP session of one server shares: accounts and each user's mailboxes. */
export interface ImapContext {
  users: MailUsers;
  mailboxesOf(user: string): UserMailboxes;
  /** How often an IDLE session looks for changes. */
  idlePollMs: number;
}

export interface Command {
  tag: string;
  name: string;
  args: Token[];
}

/** A command that must be answered BAD (RFC 3501 §7.1.3). */
export class Bad extends AnsweredError {}
/** A command that must be answered NO. */
export class No extends AnsweredError {}

export interface Selection {
  mailbox: Mailbox;
  readOnly: boolean;
  /** The UIDs of the messages this session knows, in sequence-number order. */
  view: number[];
  /** The flags this session last reported per UID, to tell it about changes by others. */
  reported: Map<number, string>;
  recent: Set<number>;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * One IMAP4rev1 session (RFC 3501): the three states, mailbox commands, and a selected
 * mailbox whose sequence numbers this session renumbers only when it reports EXPUNGE. Each
 * command is a method, so a planted-bug server overrides exactly one behaviour.
 */
export class ImapSession {
  protected user: string | undefined;
  protected selected: Selection | undefined;
  private loggingOut = false;

  constructor(
    protected readonly socket: net.Socket,
    protected readonly reader: SocketReader,
    protected readonly context: ImapContext,
  ) {}

  async run(): Promise<void> {
    try {
      this.untagged('OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] rfcheck IMAP reference ready');
      while (!this.loggingOut && !this.socket.destroyed) {
        let command: Command;
        let text = '';
        try {
          const raw = await readCommand(this.reader, this.socket);
          text = raw.text;
          command = this.parseCommand(raw.text, raw.literals);
        } catch (error) {
          if (!(error instanceof LineTooLong || error instanceof CommandTooLong || error instanceof BadSyntax)) throw error;
          // Answer with the tag when one can be read, so the client knows which command failed.
          const tag = /^([^\s(){%*"\\\]+]+) /.exec(error instanceof CommandTooLong ? error.start : text)?.[1];
          if (tag) this.tagged(tag, 'BAD', error.message);
          else this.untagged(`BAD ${error.message}`);
          if (error instanceof CommandTooLong && error.closeConnection) {
            this.untagged('BYE the rest of that command will not be read');
            this.socket.end();
            return;
          }
          continue;
        }
        await this.execute(command);
        await writeBacklogDrained(this.socket);
      }
    } catch (error) {
      if (!(error instanceof ClientGone)) throw error;
    }
  }

  private parseCommand(text: string, literals: Buffer[]): Command {
    const match = /^([^\s(){%*"\\\]+]+) ([A-Za-z]+)(?: (.*))?$/s.exec(text);
    if (!match) throw new BadSyntax('expected: tag SP command [SP arguments]');
    return { tag: match[1] as string, name: (match[2] as string).toUpperCase(), args: tokenize(match[3] ?? '', literals) };
  }

  protected async execute(command: Command): Promise<void> {
    try {
      const text = await this.dispatch(command);
      if (this.loggingOut) {
        this.tagged(command.tag, 'OK', text);
        this.socket.end();
        return;
      }
      if (!['FETCH', 'STORE', 'SEARCH'].includes(command.name)) await this.reportUpdates();
      this.tagged(command.tag, 'OK', text);
    } catch (error) {
      if (error instanceof Bad || error instanceof BadSyntax || error instanceof BadCriteria) this.tagged(command.tag, 'BAD', error.message);
      else if (error instanceof No) this.tagged(command.tag, 'NO', error.message);
      else throw error;
    }
  }

  /** Runs the command; returns the text of its tagged OK, or throws Bad / No. */
  protected async dispatch(command: Command): Promise<string> {
    const { name, args } = command;
    switch (name) {
      case 'CAPABILITY':
        return this.capability(args);
      case 'NOOP':
        return this.noArguments(args, 'NOOP completed');
      case 'LOGOUT':
        this.noArguments(args, '');
        this.untagged('BYE logging out');
        this.loggingOut = true;
        return 'LOGOUT completed';
      case 'LOGIN':
        return this.login(args);
      case 'AUTHENTICATE':
      case 'STARTTLS':
        throw new No(`${name} is not offered here`);
    }
    if (this.user === undefined) throw new Bad(`${name} is not valid before login`);
    const mailboxes = this.context.mailboxesOf(this.user);
    switch (name) {
      case 'SELECT':
      case 'EXAMINE':
        return this.select(mailboxes, args, name === 'EXAMINE');
      case 'CREATE':
        return this.create(mailboxes, args);
      case 'DELETE':
        return this.delete(mailboxes, args);
      case 'RENAME':
        return this.rename(mailboxes, args);
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        this.mailboxArgument(args, 1);
        return `${name} completed`;
      case 'LIST':
      case 'LSUB':
        return this.list(mailboxes, args, name);
      case 'STATUS':
        return this.status(mailboxes, args);
      case 'APPEND':
        return this.append(mailboxes, args);
      case 'IDLE':
        return this.idle(args);
    }
    const selection = this.selected;
    if (!selection) throw new Bad(`${name} is valid only with a mailbox selected`);
    switch (name) {
      case 'CHECK':
        return this.noArguments(args, 'CHECK completed');
      case 'CLOSE':
        return this.close(selection, args);
      case 'EXPUNGE':
        return this.expunge(selection, args);
      case 'SEARCH':
        return this.search(selection, args, false);
      case 'FETCH':
        return this.fetch(selection, args, false);
      case 'STORE':
        return this.store(selection, args, false);
      case 'COPY':
        return this.copy(mailboxes, selection, args, false);
      case 'UID':
        return this.uid(mailboxes, selection, command);
    }
    throw new Bad(`unknown command ${name}`);
  }

  // --- any state ----------------------------------------------------------------------------

  protected capability(args: Token[]): string {
    this.noArguments(args, '');
    this.untagged('CAPABILITY IMAP4rev1 LITERAL+ IDLE');
    return 'CAPABILITY completed';
  }

  protected noArguments(args: Token[], text: string): string {
    if (args.length > 0) throw new Bad('this command takes no arguments');
    return text;
  }

  protected login(args: Token[]): string {
    if (this.user !== undefined) throw new Bad('already logged in');
    const [name, pass] = args.map(astring);
    if (args.length !== 2 || name === undefined || pass === undefined) throw new Bad('LOGIN takes a user name and a password');
    if (!this.context.users.verify(name, pass)) throw new No('[AUTHENTICATIONFAILED] invalid user name or password');
    this.user = name;
    return '[CAPABILITY IMAP4rev1 LITERAL+ IDLE] LOGIN completed';
  }

  // --- authenticated state ------------------------------------------------------------------

  protected mailboxArgument(args: Token[], count: number): string[] {
    const names = args.map(astring);
    if (args.length !== count || names.some((n) => n === undefined)) throw new Bad(`expected ${count} mailbox name(s)`);
    return names.map((n) => {
      const normal = UserMailboxes.normalize(n as string);
      if (normal === undefined) throw new No(`[CANNOT] unacceptable mailbox name ${JSON.stringify(n)}`);
      return normal;
    });
  }

  protected async select(mailboxes: UserMailboxes, args: Token[], readOnly: boolean): Promise<string> {
    // A failed SELECT leaves no mailbox selected (§6.3.1).
    this.selected = undefined;
    const [name] = this.mailboxArgument(args, 1);
    const mailbox = await mailboxes.get(name as string);
    if (!mailbox) throw new No('[NONEXISTENT] no such mailbox');
    const recent = new Set(mailbox.messages.filter((m) => m.recent).map((m) => m.uid));
    if (!readOnly) for (const message of mailbox.messages) message.recent = false;
    const selection: Selection = { mailbox, readOnly, view: mailbox.messages.map((m) => m.uid), reported: new Map(), recent };
    for (const message of mailbox.messages) selection.reported.set(message.uid, this.flagList(message, selection));
    this.untagged(`FLAGS (${systemFlags.join(' ')})`);
    this.untagged(`${selection.view.length} EXISTS`);
    this.untagged(`${recent.size} RECENT`);
    const firstUnseen = mailbox.messages.findIndex((m) => !m.flags.has('\\Seen'));
    if (firstUnseen >= 0) this.untagged(`OK [UNSEEN ${firstUnseen + 1}] first unseen`);
    this.untagged(`OK [PERMANENTFLAGS (${readOnly ? '' : systemFlags.join(' ')})] flags that persist`);
    this.untagged(`OK [UIDVALIDITY ${mailbox.uidValidity}] UIDs valid`);
    this.untagged(`OK [UIDNEXT ${mailbox.uidNext}] predicted next UID`);
    this.selected = selection;
    return `[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${readOnly ? 'EXAMINE' : 'SELECT'} completed`;
  }

  protected async create(mailboxes: UserMailboxes, args: Token[]): Promise<string> {
    const raw = astring(args[0]) ?? '';
    // A trailing delimiter only says the name will have children (§6.3.3).
    const [name] = this.mailboxArgument([{ kind: 'atom', value: raw.endsWith(delimiter) ? raw.slice(0, -1) : raw }, ...args.slice(1)], 1);
    if (name === 'INBOX' || (await mailboxes.exists(name as string))) throw new No('[ALREADYEXISTS] mailbox exists');
    if ((await mailboxes.names()).length >= storeLimits.mailboxes) throw new No(`[LIMIT] a user has at most ${storeLimits.mailboxes} mailboxes here`);
    await mailboxes.create(name as string);
    return 'CREATE completed';
  }

  protected async delete(mailboxes: UserMailboxes, args: Token[]): Promise<string> {
    const [name] = this.mailboxArgument(args, 1);
    if (name === 'INBOX') throw new No('INBOX cannot be deleted');
    if (!(await mailboxes.exists(name as string))) throw new No('[NONEXISTENT] no such mailbox');
    if (await mailboxes.hasChildren(name as string)) throw new No('[INUSE] the mailbox has children; delete them first');
    if (this.selected?.mailbox.name === name) this.selected = undefined;
    await mailboxes.delete(name as string);
    return 'DELETE completed';
  }

  protected async rename(mailboxes: UserMailboxes, args: Token[]): Promise<string> {
    const [from, to] = this.mailboxArgument(args, 2) as [string, string];
    if (from === 'INBOX') throw new No('[CANNOT] renaming INBOX is not supported here');
    if (!(await mailboxes.exists(from))) throw new No('[NONEXISTENT] no such mailbox');
    if (to === 'INBOX' || (await mailboxes.exists(to))) throw new No('[ALREADYEXISTS] the new name exists');
    if (to.startsWith(from + delimiter)) throw new No('[CANNOT] a mailbox cannot move below itself');
    if (this.selected && (this.selected.mailbox.name === from || this.selected.mailbox.name.startsWith(from + delimiter))) this.selected = undefined;
    await mailboxes.rename(from, to);
    return 'RENAME completed';
  }

  protected async list(mailboxes: UserMailboxes, args: Token[], command: string): Promise<string> {
    const [reference, pattern] = args.map(astring);
    if (args.length !== 2 || reference === undefined || pattern === undefined) throw new Bad(`${command} takes a reference and a pattern`);
    if (pattern === '') {
      if (command === 'LIST') this.untagged(`LIST (\\Noselect) "${delimiter}" ""`);
      return `${command} completed`;
    }
    const matches = listPatternMatcher(reference + pattern, delimiter);
    const names = await mailboxes.names();
    // Every name with a child below it, found in one pass rather than one pass per name.
    const parents = new Set<string>();
    for (const n of names) for (let at = n.indexOf(delimiter); at > 0; at = n.indexOf(delimiter, at + 1)) parents.add(n.slice(0, at));
    for (const name of names) {
      // INBOX is one name in any case (§5.1): "In%" lists it; other names match case-sensitively.
      if (!matches(name, name === 'INBOX')) continue;
      const attributes = name === 'INBOX' ? '\\HasNoChildren' : parents.has(name) ? '\\HasChildren' : '\\HasNoChildren';
      this.untaggedWire(joinWire([`${command} (${attributes}) "${delimiter}"`, astringOut(name)]));
    }
    return `${command} completed`;
  }

  protected async status(mailboxes: UserMailboxes, args: Token[]): Promise<string> {
    const [nameToken, items] = args;
    if (args.length !== 2 || items?.kind !== 'list') throw new Bad('STATUS takes a mailbox and a list of items');
    const [name] = this.mailboxArgument([nameToken as Token], 1);
    const mailbox = await mailboxes.get(name as string);
    if (!mailbox) throw new No('[NONEXISTENT] no such mailbox');
    const values: string[] = [];
    for (const item of items.items) {
      const word = item.kind === 'atom' ? item.value.toUpperCase() : '';
      const value = {
        MESSAGES: mailbox.messages.length,
        RECENT: mailbox.messages.filter((m) => m.recent).length,
        UIDNEXT: mailbox.uidNext,
        UIDVALIDITY: mailbox.uidValidity,
        UNSEEN: mailbox.messages.filter((m) => !m.flags.has('\\Seen')).length,
      }[word];
      if (value === undefined) throw new Bad(`unknown STATUS item`);
      values.push(`${word} ${value}`);
    }
    this.untaggedWire(joinWire(['STATUS', astringOut(name as string), `(${values.join(' ')})`]));
    return 'STATUS completed';
  }

  protected async append(mailboxes: UserMailboxes, args: Token[]): Promise<string> {
    const nameToken = args[0];
    const message = args[args.length - 1];
    if (args.length < 2 || args.length > 4 || message?.kind !== 'string') throw new Bad('APPEND takes a mailbox, optional flags and date, and a literal');
    let flags = new Set<string>();
    let date: Date | undefined;
    for (const extra of args.slice(1, -1)) {
      if (extra.kind === 'list') flags = this.flagArgument(extra);
      else if (extra.kind === 'string') date = parseDateTime(extra.value.toString('latin1'));
      else throw new Bad('bad APPEND argument');
    }
    const [name] = this.mailboxArgument([nameToken as Token], 1);
    const mailbox = await mailboxes.get(name as string);
    if (!mailbox) throw new No('[TRYCREATE] no such mailbox');
    const refusal = mailboxes.refusal(mailbox, 1);
    if (refusal) throw new No(refusal);
    await mailbox.append(message.value, flags, date);
    return 'APPEND completed';
  }

  /**
   * RFC 2177 §3: report changes until the client's DONE line. The wait for that line settles
   * once, whether with the line or with a failure (client gone, overlong line), and the loop
   * stops on either: a failed read must never leave it spinning on an already-settled promise,
   * which starves the event loop (no accept, no timers) while its timers pile up.
   */
  protected async idle(args: Token[]): Promise<string> {
    this.noArguments(args, '');
    this.continuation('idling');
    let outcome: { line: string } | { error: unknown } | undefined;
    const settled = this.reader.readLine(1000).then(
      (line) => (outcome = { line }),
      (error: unknown) => (outcome = { error }),
    );
    while (outcome === undefined && !this.socket.destroyed) {
      await this.reportUpdates();
      if (outcome !== undefined) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, this.context.idlePollMs)))]);
      clearTimeout(timer);
    }
    if (outcome === undefined) throw new ClientGone('client went away while idling');
    if ('error' in outcome) {
      if (outcome.error instanceof LineTooLong) throw new Bad('expected DONE to end IDLE');
      throw outcome.error;
    }
    if (outcome.line.toUpperCase() !== 'DONE') throw new Bad('expected DONE to end IDLE');
    return 'IDLE terminated';
  }

  // --- selected state -----------------------------------------------------------------------

  protected async close(selection: Selection, args: Token[]): Promise<string> {
    this.noArguments(args, '');
    // CLOSE expunges silently: no EXPUNGE responses (§6.4.2).
    if (!selection.readOnly) await selection.mailbox.expunge(selection.mailbox.messages.filter((m) => m.flags.has('\\Deleted')));
    this.selected = undefined;
    return 'CLOSE completed';
  }

  protected async expunge(selection: Selection, args: Token[]): Promise<string> {
    this.noArguments(args, '');
    if (selection.readOnly) throw new No('[READ-ONLY] the mailbox is read-only');
    await selection.mailbox.expunge(selection.mailbox.messages.filter((m) => m.flags.has('\\Deleted')));
    return 'EXPUNGE completed';
  }

  protected async search(selection: Selection, args: Token[], byUid: boolean): Promise<string> {
    let criteria = args;
    const first = args[0];
    if (first?.kind === 'atom' && first.value.toUpperCase() === 'CHARSET') {
      const charset = astring(args[1])?.toUpperCase();
      if (charset !== 'US-ASCII' && charset !== 'UTF-8') throw new No('[BADCHARSET (US-ASCII UTF-8)] unsupported charset');
      criteria = args.slice(2);
    }
    const messages = this.viewMessages(selection);
    const predicate = compileSearch(criteria, selection.view.length, Math.max(0, ...selection.view));
    const found: number[] = [];
    for (const [index, message] of messages.entries()) {
      if (!message) continue;
      const hit = await predicate({
        sequence: index + 1,
        uid: message.uid,
        flags: message.flags,
        recent: selection.recent.has(message.uid),
        size: message.size,
        internalDate: new Date(message.stored.mtimeMs),
        octets: () => this.octets(selection, message),
      });
      if (hit) found.push(byUid ? message.uid : index + 1);
    }
    this.untagged(`SEARCH${found.map((n) => ` ${n}`).join('')}`);
    return `${byUid ? 'UID ' : ''}SEARCH completed`;
  }

  protected async fetch(selection: Selection, args: Token[], byUid: boolean): Promise<string> {
    const [setToken, itemsToken] = args;
    if (args.length !== 2 || setToken?.kind !== 'atom' || !itemsToken || itemsToken.kind === 'string') throw new Bad('FETCH takes a sequence set and items');
    const items = expandFetchItems(itemsToken.kind === 'list' ? itemsToken.items : [itemsToken], byUid);
    for (const { index, message } of this.resolveSet(selection, setToken.value, byUid)) {
      const parts: Wire[] = [];
      let markSeen = false;
      for (const item of items) {
        const data = await this.fetchItem(selection, message, item);
        if (!data) throw new Bad(`unknown FETCH item ${item}`);
        parts.push(data.wire);
        markSeen ||= data.setsSeen;
      }
      if (markSeen && !selection.readOnly && !message.flags.has('\\Seen')) {
        await selection.mailbox.setFlags(message, new Set([...message.flags, '\\Seen']));
        if (!items.includes('FLAGS')) parts.push(Buffer.from(`FLAGS ${this.flagList(message, selection)}`));
      }
      selection.reported.set(message.uid, this.flagList(message, selection));
      this.untaggedWire(joinWire([`${index + 1} FETCH`, list(parts)]));
      await writeBacklogDrained(this.socket);
    }
    return `${byUid ? 'UID ' : ''}FETCH completed`;
  }

  /** One FETCH data item's response, and whether it sets \Seen (BODY[…] without PEEK, RFC822, RFC822.TEXT). */
  protected async fetchItem(selection: Selection, message: ImapMessage, item: string): Promise<{ wire: Wire; setsSeen: boolean } | undefined> {
    const plain = (text: string): { wire: Wire; setsSeen: boolean } => ({ wire: Buffer.from(text, 'latin1'), setsSeen: false });
    switch (item) {
      case 'UID':
        return plain(`UID ${message.uid}`);
      case 'FLAGS':
        return plain(`FLAGS ${this.flagList(message, selection)}`);
      case 'RFC822.SIZE':
        return plain(`RFC822.SIZE ${message.size}`);
      case 'INTERNALDATE':
        return plain(`INTERNALDATE "${formatDateTime(new Date(message.stored.mtimeMs))}"`);
      case 'ENVELOPE':
        return { wire: joinWire(['ENVELOPE', envelope(parseEntity(await this.octets(selection, message)))]), setsSeen: false };
      case 'BODYSTRUCTURE':
      case 'BODY':
        return { wire: joinWire([item, bodyStructure(parseEntity(await this.octets(selection, message)), item === 'BODYSTRUCTURE')]), setsSeen: false };
      case 'RFC822':
      case 'RFC822.HEADER':
      case 'RFC822.TEXT': {
        const entity = parseEntity(await this.octets(selection, message));
        const octets = item === 'RFC822' ? entity.octets : item === 'RFC822.HEADER' ? entity.header : entity.body;
        return { wire: joinWire([item, nstring(octets)]), setsSeen: item !== 'RFC822.HEADER' };
      }
    }
    const match = /^BODY(\.PEEK)?\[([^\]]*)\](?:<(\d+)\.(\d+)>)?$/i.exec(item);
    if (!match) return undefined;
    const section = match[2] as string;
    const octets = sectionOctets(parseEntity(await this.octets(selection, message)), section);
    if (octets === undefined) throw new Bad(`bad section ${section}`);
    const start = match[3] === undefined ? undefined : Number(match[3]);
    const slice = start === undefined ? octets : octets.subarray(start, start + Number(match[4]));
    const label = `BODY[${section.toUpperCase()}]${start === undefined ? '' : `<${start}>`}`;
    return { wire: joinWire([label, nstring(slice)]), setsSeen: match[1] === undefined };
  }

  protected async store(selection: Selection, args: Token[], byUid: boolean): Promise<string> {
    const [setToken, operation, flagsToken] = args;
    if (args.length !== 3 || setToken?.kind !== 'atom' || operation?.kind !== 'atom') throw new Bad('STORE takes a set, an operation and flags');
    const op = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(operation.value);
    if (!op) throw new Bad('unknown STORE operation');
    const flags = this.flagArgument(flagsToken?.kind === 'list' ? flagsToken : { kind: 'list', items: flagsToken ? [flagsToken] : [] });
    if (selection.readOnly) throw new No('[READ-ONLY] the mailbox is read-only');
    for (const { index, message } of this.resolveSet(selection, setToken.value, byUid)) {
      const next = op[1] === '+' ? new Set([...message.flags, ...flags]) : op[1] === '-' ? new Set([...message.flags].filter((f) => !flags.has(f))) : new Set(flags);
      await selection.mailbox.setFlags(message, next);
      selection.reported.set(message.uid, this.flagList(message, selection));
      if (!op[2]) this.untagged(`${index + 1} FETCH (FLAGS ${this.flagList(message, selection)}${byUid ? ` UID ${message.uid}` : ''})`);
    }
    return `${byUid ? 'UID ' : ''}STORE completed`;
  }

  protected async copy(mailboxes: UserMailboxes, selection: Selection, args: Token[], byUid: boolean): Promise<string> {
    const [setToken, nameToken] = args;
    if (args.length !== 2 || setToken?.kind !== 'atom') throw new Bad('COPY takes a sequence set and a mailbox');
    const [name] = this.mailboxArgument([nameToken as Token], 1);
    const target = await mailboxes.get(name as string);
    if (!target) throw new No('[TRYCREATE] no such mailbox');
    const chosen = this.resolveSet(selection, setToken.value, byUid);
    // Refused as a whole before anything is copied (§6.4.7: a failed COPY leaves the target as it was).
    const refusal = mailboxes.refusal(target, chosen.length);
    if (refusal) throw new No(refusal);
    const copies = await Promise.all(chosen.map(async ({ message }) => ({ octets: await this.octets(selection, message), message })));
    for (const { octets, message } of copies) await target.append(octets, message.flags, new Date(message.stored.mtimeMs));
    return `${byUid ? 'UID ' : ''}COPY completed`;
  }

  protected async uid(mailboxes: UserMailboxes, selection: Selection, command: Command): Promise<string> {
    const [sub, ...rest] = command.args;
    const name = sub?.kind === 'atom' ? sub.value.toUpperCase() : '';
    switch (name) {
      case 'FETCH':
        return this.fetch(selection, rest, true);
      case 'STORE':
        return this.store(selection, rest, true);
      case 'SEARCH':
        return this.search(selection, rest, true);
      case 'COPY':
        return this.copy(mailboxes, selection, rest, true);
      default:
        throw new Bad('UID takes FETCH, STORE, SEARCH or COPY');
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The messages a set names, in ascending order; UIDs not present are ignored (§6.4.8). */
  protected resolveSet(selection: Selection, text: string, byUid: boolean): { index: number; message: ImapMessage }[] {
    const messages = this.viewMessages(selection);
    const largest = byUid ? Math.max(0, ...selection.view) : selection.view.length;
    const set = parseSequenceSet(text, largest);
    if (!set) throw new Bad(`bad sequence set ${text}`);
    if (!byUid && set.some((r) => r.to > selection.view.length)) throw new Bad('no such message (sequence number beyond EXISTS)');
    const chosen: { index: number; message: ImapMessage }[] = [];
    messages.forEach((message, index) => {
      if (message && inSequenceSet(set, byUid ? message.uid : index + 1)) chosen.push({ index, message });
    });
    return chosen;
  }

  /** The session's view as message objects (undefined where another session expunged one). */
  protected viewMessages(selection: Selection): (ImapMessage | undefined)[] {
    const byUid = new Map(selection.mailbox.messages.map((m) => [m.uid, m]));
    return selection.view.map((uid) => byUid.get(uid));
  }

  protected async octets(selection: Selection, message: ImapMessage): Promise<Buffer> {
    try {
      return await selection.mailbox.maildir.read(message.stored);
    } catch {
      throw new No('[EXPUNGEISSUED] the message was expunged by another session');
    }
  }

  protected flagList(message: ImapMessage, selection: Selection): string {
    const flags = [...message.flags].sort();
    if (selection.recent.has(message.uid)) flags.push('\\Recent');
    return `(${flags.join(' ')})`;
  }

  protected flagArgument(token: Token): Set<string> {
    if (token.kind !== 'list') throw new Bad('expected a parenthesised flag list');
    const flags = new Set<string>();
    for (const item of token.items) {
      if (item.kind !== 'atom') throw new Bad('a flag is an atom');
      const known = systemFlags.find((f) => f.toLowerCase() === item.value.toLowerCase());
      if (item.value.toLowerCase() === '\\recent') throw new Bad('\\Recent cannot be set');
      if (!known) throw new No('[CANNOT] this server keeps only the system flags');
      flags.add(known);
    }
    return flags;
  }

  /**
   * Tells this session what changed in its mailbox (other sessions, deliveries, its own
   * EXPUNGE): EXPUNGE for each message gone, highest first so the numbers stay right, then
   * EXISTS/RECENT for new ones, then FETCH FLAGS for flags changed elsewhere.
   */
  protected async reportUpdates(): Promise<void> {
    const selection = this.selected;
    if (!selection) return;
    await selection.mailbox.sync();
    const present = new Map(selection.mailbox.messages.map((m) => [m.uid, m]));
    for (let i = selection.view.length - 1; i >= 0; i--) {
      if (present.has(selection.view[i] as number)) continue;
      selection.reported.delete(selection.view[i] as number);
      selection.view.splice(i, 1);
      this.untagged(`${i + 1} EXPUNGE`);
    }
    const known = new Set(selection.view);
    const added = selection.mailbox.messages.filter((m) => !known.has(m.uid));
    if (added.length > 0) {
      for (const message of added) {
        selection.view.push(message.uid);
        if (message.recent && !selection.readOnly) {
          selection.recent.add(message.uid);
          message.recent = false;
        }
        selection.reported.set(message.uid, this.flagList(message, selection));
      }
      this.untagged(`${selection.view.length} EXISTS`);
      this.untagged(`${selection.recent.size} RECENT`);
    }
    selection.view.forEach((uid, index) => {
      const message = present.get(uid);
      if (!message) return;
      const flags = this.flagList(message, selection);
      if (selection.reported.get(uid) !== flags) {
        selection.reported.set(uid, flags);
        this.untagged(`${index + 1} FETCH (FLAGS ${flags})`);
      }
    });
  }

  protected untagged(text: string): void {
    this.write(Buffer.from(`* ${text}\r\n`, 'latin1'));
  }

  protected untaggedWire(wire: Wire): void {
    this.write(Buffer.concat([Buffer.from('* '), wire, Buffer.from('\r\n')]));
  }

  protected continuation(text: string): void {
    this.write(Buffer.from(`+ ${text}\r\n`));
  }

  protected tagged(tag: string, status: 'OK' | 'NO' | 'BAD', text: string): void {
    this.write(Buffer.from(`${tag} ${status} ${text || status}\r\n`, 'latin1'));
  }

  protected write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }
}

/** FETCH macros and item names, upper-cased; UID FETCH always includes UID (§6.4.8). */
function expandFetchItems(tokens: Token[], byUid: boolean): string[] {
  const items: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'atom') throw new Bad('bad FETCH item');
    const word = token.value.toUpperCase();
    if (word === 'ALL') items.push('FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE');
    else if (word === 'FAST') items.push('FLAGS', 'INTERNALDATE', 'RFC822.SIZE');
    else if (word === 'FULL') items.push('FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY');
    else items.push(/^BODY/.test(word) ? token.value.replace(/^body(\.peek)?/i, (m) => m.toUpperCase()) : word);
  }
  if (byUid && !items.includes('UID')) items.unshift('UID');
  return items;
}

function formatDateTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function parseDateTime(text: string): Date {
  const match = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  const month = match ? months.findIndex((m) => m.toLowerCase() === (match[2] as string).toLowerCase()) : -1;
  if (!match || month < 0) throw new Bad('bad date-time');
  const offset = (Number(match[8]) * 60 + Number(match[9])) * (match[7] === '-' ? -1 : 1);
  return new Date(Date.UTC(Number(match[3]), month, Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6])) - offset * 60_000);
}
