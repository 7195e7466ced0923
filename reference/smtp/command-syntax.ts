/**
 * The argument grammar of MAIL and RCPT (RFC 5321 §4.1.2): a path in angle brackets, then
 * ESMTP parameters. Parsing returns a reason instead of throwing, so the session can answer 501.
 */

export interface ParsedCommand {
  verb: string;
  argument: string;
}

export interface PathArgument {
  /** The mailbox without brackets or source route; '' for the null path <>. */
  mailbox: string;
  /** ESMTP parameters, keywords upper-cased; a keyword without '=' maps to ''. */
  parameters: Map<string, string>;
}

export function parseCommandLine(line: string): ParsedCommand {
  const space = line.indexOf(' ');
  const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
  return { verb, argument: space < 0 ? '' : line.slice(space + 1) };
}

const letDig = '[A-Za-z0-9]';
const subDomain = `${letDig}(?:[A-Za-z0-9-]*${letDig})?`;
const domain = `${subDomain}(?:\\.${subDomain})*`;
const addressLiteral = '\\[[^\\[\\]\\\\\\s]+\\]';
const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const dotString = `${atom}(?:\\.${atom})*`;
const quotedString = '"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*"';
const mailboxPattern = new RegExp(`^(?:${dotString}|${quotedString})@(?:${domain}|${addressLiteral})$`);
const sourceRoute = `@${domain}(?:,@${domain})*:`;
const pathPattern = new RegExp(`^<(?:${sourceRoute})?([^<>]*)>$`);
const parameterPattern = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:=([\x21-\x3c\x3e-\x7e]+))?$/;

/** Limits of RFC 5321 §4.5.3.1: local part 64 octets, domain 255, path 256. */
const maxLocalPart = 64;
const maxDomain = 255;
const maxPath = 256;

export function isMailbox(text: string): boolean {
  if (!mailboxPattern.test(text)) return false;
  const at = text.lastIndexOf('@');
  return at <= maxLocalPart && text.length - at - 1 <= maxDomain;
}

/**
 * Parses `FROM:<path> params` or `TO:<path> params`. `allowBare` admits a mailbox without a
 * domain (RCPT TO:<postmaster>, §4.1.1.3); `allowNull` admits <> (MAIL FROM:<>).
 */
export function parsePathArgument(
  argument: string,
  keyword: 'FROM' | 'TO',
  options: { allowNull: boolean; allowBare: (mailbox: string) => boolean },
): PathArgument | string {
  const prefix = `${keyword}:`;
  if (argument.slice(0, prefix.length).toUpperCase() !== prefix) return `expected ${prefix}<path>`;
  const rest = argument.slice(prefix.length).replace(/^ +/, '');
  const close = rest.indexOf('>');
  if (!rest.startsWith('<') || close < 0) return 'the path must be in angle brackets';
  const pathText = rest.slice(0, close + 1);
  if (pathText.length > maxPath + 2) return 'the path is longer than 256 octets';
  const match = pathPattern.exec(pathText);
  if (!match) return 'malformed path';
  const mailbox = match[1] ?? '';
  if (mailbox === '') {
    if (!options.allowNull || pathText !== '<>') return 'a null path is not allowed here';
  } else if (!isMailbox(mailbox) && !options.allowBare(mailbox)) {
    return 'malformed mailbox';
  }
  const parameters = new Map<string, string>();
  const tail = rest.slice(close + 1);
  if (tail !== '' && !tail.startsWith(' ')) return 'parameters must follow the path after a space';
  for (const word of tail.split(' ').filter((w) => w !== '')) {
    const parameter = parameterPattern.exec(word);
    if (!parameter) return `malformed parameter '${word}'`;
    parameters.set((parameter[1] as string).toUpperCase(), parameter[2] ?? '');
  }
  return { mailbox, parameters };
}

/** A domain or address literal, as EHLO and HELO take it (§4.1.1.1). */
export function isDomainOrLiteral(text: string): boolean {
  return new RegExp(`^(?:${domain}|${addressLiteral})$`).test(text);
}
