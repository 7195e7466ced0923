import { show, violation } from '../../harness/core/expect.ts';
import { type Reply, expectReplyCode } from './control-connection.ts';

/**
 * The pathname of a 257 reply (RFC 959 Appendix II): the text begins with it in double quotes,
 * an embedded quote doubled. Returns the path with the doubling undone.
 */
export function quotedPathname(what: string, reply: Reply): string {
  expectReplyCode(what, reply, [257]);
  const match = /^\s*"((?:[^"]|"")*)"(?:\s|$)/.exec(reply.text);
  if (!match) violation(`${what}: the 257 text does not begin with a quoted pathname: ${show(reply.text)}`, '257 "<path>" …', show(reply.text));
  return (match[1] as string).replaceAll('""', '"');
}

/** `child` inside `parent`, written as a server using "/" separators would print it. */
export function childPath(parent: string, child: string): string {
  return parent.endsWith('/') ? `${parent}${child}` : `${parent}/${child}`;
}
