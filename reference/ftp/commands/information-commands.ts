import type { Session } from '../session.ts';
import { type CommandTable, afterLogin, anytime } from './command-handler.ts';

/** SYST, FEAT (RFC 2389, with RFC 3659's features), OPTS, HELP, NOOP, STAT, SITE and ABOR. */

/** The extensions this server implements, as FEAT lists them (RFC 3659 §3.3, §4.3, §5.4, §7.8). */
export const features = ['EPRT', 'EPSV', 'MDTM', 'MLST type*;size*;modify*;perm*;', 'REST STREAM', 'SIZE', 'TVFS', 'UTF8'];

const helpText = [
  'The following commands are recognized:',
  'ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD',
  'MLSD MLST MODE NLST NOOP OPTS PASS PASV PORT PWD  QUIT REST RETR RMD',
  'RNFR RNTO SIZE STAT STOR STRU SYST TYPE USER XCUP XCWD XMKD XPWD XRMD',
  'Help OK.',
];

function status(session: Session): string[] {
  return [
    'rfcheck reference FTP server status:',
    `Connected from ${session.clientAddress}`,
    session.account ? `Logged in as ${session.account.name}` : 'Not logged in',
    `TYPE: ${session.type === 'A' ? 'ASCII' : 'IMAGE'}; STRUcture: File; transfer MODE: Stream`,
    'End of status',
  ];
}

export const informationCommands: CommandTable = {
  SYST: anytime((session) => session.reply(215, 'UNIX Type: L8')),
  FEAT: anytime((session) => session.reply(211, ['Extensions supported:', ...features, 'End'])),
  OPTS: anytime((session, argument) => {
    if (/^UTF8(\s+ON)?$/i.test(argument.trim())) session.reply(200, 'UTF8 is always on.');
    else if (/^MLST(\s|$)/i.test(argument.trim())) session.reply(501, 'MLST facts cannot be chosen here.');
    else session.reply(501, 'Option not understood.');
  }),
  HELP: anytime((session) => session.reply(214, helpText)),
  NOOP: anytime((session) => session.reply(200, 'NOOP ok.')),
  STAT: afterLogin((session) => session.reply(211, status(session))),
  SITE: afterLogin((session) => session.reply(502, 'SITE commands are not supported by this server.')),
  ABOR: anytime((session) => {
    if (session.abortedByAbor) {
      session.abortedByAbor = false;
      session.reply(226, 'Abort successful.');
    } else session.reply(225, 'No transfer to abort.');
  }),
};
