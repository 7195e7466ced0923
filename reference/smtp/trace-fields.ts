/**
 * The trace header fields a delivering SMTP server prepends (RFC 5321 §4.4): Return-Path with
 * the reverse-path, and a Received field naming the client, this server and the time.
 */

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** An RFC 5322 §3.3 date-time with a numeric zone (§4.4 wants offsets, not zone names). */
export function formatMessageDate(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  return `${weekdays[date.getDay()]}, ${date.getDate()} ${months[date.getMonth()]} ${date.getFullYear()} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${zone}`;
}

export interface TraceContext {
  reversePath: string;
  /** The name the client gave in EHLO/HELO. */
  clientName: string;
  clientAddress: string;
  serverName: string;
  protocol: 'SMTP' | 'ESMTP';
  id: string;
  /** Named in a FOR clause only when there is one recipient (§7.6: no disclosure of the others). */
  recipients: string[];
  date: Date;
}

export function traceFields(trace: TraceContext): string {
  const literal = trace.clientAddress.includes(':') ? `IPv6:${trace.clientAddress}` : trace.clientAddress;
  const forClause = trace.recipients.length === 1 ? `\r\n\tfor <${trace.recipients[0]}>` : '';
  return `Return-Path: <${trace.reversePath}>\r\n` +
    `Received: from ${trace.clientName} ([${literal}])\r\n\tby ${trace.serverName} with ${trace.protocol} id ${trace.id}${forClause};\r\n` +
    `\t${formatMessageDate(trace.date)}\r\n`;
}
