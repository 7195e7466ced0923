/**
 * HTTP-date (RFC 9110 §5.6.7): senders use IMF-fixdate; recipients accept it and the two
 * obsolete forms, RFC 850 and asctime. Parsing is strict: anything else is not a date.
 */

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const longDayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

/** `Sun, 06 Nov 1994 08:49:37 GMT` */
export function formatImfFixdate(date: Date): string {
  return `${dayNames[date.getUTCDay()]}, ${two(date.getUTCDate())} ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`;
}

/** `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit year: within 50 years of now, as §5.6.7 asks). */
export function formatRfc850(date: Date): string {
  return `${longDayNames[date.getUTCDay()]}, ${two(date.getUTCDate())}-${monthNames[date.getUTCMonth()]}-${two(date.getUTCFullYear() % 100)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`;
}

/** `Sun Nov  6 08:49:37 1994` */
export function formatAsctime(date: Date): string {
  return `${dayNames[date.getUTCDay()]} ${monthNames[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

const imfFixdate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const rfc850 = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const asctime = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

interface DateParts {
  weekday: number;
  day: number;
  month: number;
  year: number;
  hour: number;
  minute: number;
  second: number;
}

/** Builds the instant, or undefined when a field is out of range or the weekday is wrong. */
function instant(parts: DateParts): Date | undefined {
  const { weekday, day, month, year, hour, minute, second } = parts;
  if (hour > 23 || minute > 59 || second > 60 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month, day, hour, minute, Math.min(second, 59)));
  if (date.getUTCDate() !== day || date.getUTCDay() !== weekday) return undefined;
  return date;
}

/** RFC 850's two-digit year: the year within 50 years of `now` (RFC 9110 §5.6.7). */
function fullYear(twoDigits: number, now: Date): number {
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  let year = century + twoDigits;
  if (year > now.getUTCFullYear() + 50) year -= 100;
  return year;
}

/** Parses any of the three HTTP-date forms; undefined for anything else. */
export function parseHttpDate(text: string, now = new Date()): Date | undefined {
  let m = imfFixdate.exec(text);
  if (m) {
    return instant({ weekday: dayNames.indexOf(m[1] as string), day: Number(m[2]), month: monthNames.indexOf(m[3] as string), year: Number(m[4]), hour: Number(m[5]), minute: Number(m[6]), second: Number(m[7]) });
  }
  m = rfc850.exec(text);
  if (m) {
    return instant({ weekday: longDayNames.indexOf(m[1] as string), day: Number(m[2]), month: monthNames.indexOf(m[3] as string), year: fullYear(Number(m[4]), now), hour: Number(m[5]), minute: Number(m[6]), second: Number(m[7]) });
  }
  m = asctime.exec(text);
  if (m) {
    return instant({ weekday: dayNames.indexOf(m[1] as string), day: Number((m[3] as string).trim()), month: monthNames.indexOf(m[2] as string), year: Number(m[7]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) });
  }
  return undefined;
}

/** True when `text` is an IMF-fixdate naming a real instant with the right weekday. */
export function isImfFixdate(text: string): boolean {
  return imfFixdate.test(text) && parseHttpDate(text) !== undefined;
}
