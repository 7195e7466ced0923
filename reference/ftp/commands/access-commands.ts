import { stat } from 'node:fs/promises';
import type { Session } from '../session.ts';
import { type CommandTable, afterLogin, anytime } from './command-handler.ts';
import { quotedPath } from './quoted-path.ts';

/** RFC 959 §4.1.1: USER, PASS, CWD, CDUP, QUIT; and PWD (Appendix II). */

/** CWD answers 250; CDUP answers 200, as RFC 959 §5.4 lists for it. */
async function changeDirectory(session: Session, argument: string, success: 200 | 250): Promise<void> {
  const target = session.paths.resolve(session.cwd, argument || '/');
  const local = await session.paths.existing(target);
  if (!(await stat(local)).isDirectory()) {
    session.reply(550, 'Not a directory.');
    return;
  }
  session.cwd = target;
  session.reply(success, `Directory changed to ${quotedPath(target)}.`);
}

const printDirectory = afterLogin((session) => session.reply(257, `${quotedPath(session.cwd)} is the current directory.`));
const changeUp = afterLogin((session) => changeDirectory(session, '..', 200));
const change = afterLogin((session, argument) => changeDirectory(session, argument, 250));

export const accessCommands: CommandTable = {
  USER: anytime((session, name) => {
    if (!name) {
      session.reply(501, 'USER needs a user name.');
      return;
    }
    session.logOut();
    session.pendingUser = name;
    const anonymous = session.server.accounts.isAnonymousName(name);
    session.reply(331, anonymous ? 'Anonymous login: send your e-mail address as the password.' : 'Password required.');
  }),
  PASS: anytime(async (session, password) => {
    const name = session.pendingUser;
    if (name === undefined) {
      session.reply(session.account ? 230 : 503, session.account ? 'Already logged in.' : 'Send USER first.');
      return;
    }
    session.pendingUser = undefined;
    const account = session.server.accounts.authenticate(name, password);
    if (!account) {
      session.loginFailures += 1;
      if (session.loginFailures >= session.server.limits.maxLoginFailures) session.control.replyAndClose(421, 'Too many failed logins.');
      else session.reply(530, 'Login incorrect.');
      return;
    }
    await session.logIn(account);
    session.reply(230, account.anonymous ? 'Anonymous access granted (read-only).' : 'Login successful.');
  }),
  ACCT: anytime((session) => session.reply(202, 'No account needed.')),
  CWD: change,
  XCWD: change,
  CDUP: changeUp,
  XCUP: changeUp,
  PWD: printDirectory,
  XPWD: printDirectory,
  REIN: anytime((session) => session.reply(502, 'REIN is not supported by this server.')),
  SMNT: afterLogin((session) => session.reply(502, 'SMNT is not supported by this server.')),
  QUIT: anytime((session) => session.control.replyAndClose(221, 'Goodbye.')),
};
