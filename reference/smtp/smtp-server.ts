import net from 'node:net';
import { fixturesDir as projectFixturesDir } from '../../harness/core/catalogue.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { ensureMaildir } from './maildir.ts';
import { type SessionSettings, SmtpSession } from './smtp-session.ts';
import { type MailUser, UserDirectory, loadMailUsers } from './user-directory.ts';
import { listenOn } from '../listening.ts';

export interface SmtpServerOptions {
  host: string;
  /** 0 asks for an ephemeral port. */
  port: number;
  /** Where the Maildirs live: <storeRoot>/<user>/Maildir. */
  storeRoot: string;
  /**
   * The local domain; recipients elsewhere are refused. Default example.test, with the users'
   * own addresses; a domain named here holds the users' local parts instead.
   */
  domain?: string;
  /** The users; default fixtures/mail/users.json. */
  users?: MailUser[];
  fixturesDir?: string;
  maxMessageBytes?: number;
  maxRecipients?: number;
  idleTimeoutMs?: number;
  /**
   * Planted-bug hook for fixtures/smtp/mutants: the class each connection is served by. The
   * reference always uses SmtpSession itself.
   */
  sessionClass?: new (socket: net.Socket, settings: SessionSettings) => SmtpSession;
}

export interface RunningSmtpServer {
  endpoint: Endpoint;
  storeRoot: string;
  domain: string;
  close(): Promise<void>;
}

export const defaultMailDomain = 'example.test';

/** Starts the reference SMTP server delivering into Maildirs under `storeRoot`. */
export async function startSmtpServer(options: SmtpServerOptions): Promise<RunningSmtpServer> {
  const domain = options.domain ?? defaultMailDomain;
  const fixtureUsers = options.users ?? (await loadMailUsers(options.fixturesDir ?? projectFixturesDir));
  // A domain named by the run (--mail-domain) holds the fixture's local parts, as the suite expects.
  const users = options.domain === undefined ? fixtureUsers : fixtureUsers.map((u) => ({ ...u, address: `${localPart(u.address)}@${domain}` }));
  const directory = new UserDirectory(users, domain);
  for (const entry of users) await ensureMaildir(options.storeRoot, entry.user);
  const settings: SessionSettings = {
    directory,
    storeRoot: options.storeRoot,
    serverName: `mail.${domain}`,
    maxMessageBytes: options.maxMessageBytes ?? 10 * 1024 * 1024,
    maxRecipients: options.maxRecipients ?? 1000,
    idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
  };
  const Session = options.sessionClass ?? SmtpSession;
  const sessions = new Set<SmtpSession>();
  const server = net.createServer((socket) => {
    const session = new Session(socket, settings);
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
    session.start();
  });
  // A failed accept (e.g. EMFILE) must not take the server down.
  server.on('error', () => {});
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    storeRoot: options.storeRoot,
    domain,
    close: () =>
      new Promise((resolve) => {
        for (const session of sessions) session.close();
        server.close(() => resolve());
      }),
  };
}

function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at);
}
