import type { Stats } from 'node:fs';

/**
 * How directory entries are shown: LIST in the `ls -l` shape most clients parse, MLSx facts
 * (RFC 3659 §7) and the time-val of MDTM and the modify fact (UTC, RFC 3659 §2.3).
 */

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const sixMonthsMs = 182 * 24 * 3600 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

/** YYYYMMDDHHMMSS in UTC. */
export function timeVal(date: Date): string {
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`;
}

export function listLine(name: string, stats: Stats, now = Date.now()): string {
  const kind = stats.isDirectory() ? 'd' : '-';
  const mode = [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1].map((bit, i) => (stats.mode & bit ? 'rwx'[i % 3] : '-')).join('');
  const m = stats.mtime;
  const recent = Math.abs(now - m.getTime()) < sixMonthsMs;
  const when = `${months[m.getUTCMonth()]} ${String(m.getUTCDate()).padStart(2, ' ')} ${recent ? `${two(m.getUTCHours())}:${two(m.getUTCMinutes())}` : ` ${m.getUTCFullYear()}`}`;
  return `${kind}${mode} 1 ftp ftp ${String(stats.size).padStart(12, ' ')} ${when} ${name}`;
}

/** The MLSx facts of one entry, then a space and the name. */
export function factLine(name: string, stats: Stats, writable: boolean, type = stats.isDirectory() ? 'dir' : 'file'): string {
  const perm = stats.isDirectory() ? (writable ? 'elcmp' : 'el') : writable ? 'radfw' : 'r';
  const size = stats.isDirectory() ? '' : `size=${stats.size};`;
  return `type=${type};${size}modify=${timeVal(stats.mtime)};perm=${perm}; ${name}`;
}
