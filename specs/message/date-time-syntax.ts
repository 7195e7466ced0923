import { stripComments } from './message-structure.ts';

/** RFC 5322 §3.3 date-time, the form a message must use (not the obsolete forms of §4.3). */

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pattern = new RegExp(
  `^(?:(${dayNames.join('|')}),\\s*)?(\\d{1,2}) (${monthNames.join('|')}) (\\d{4,}) (\\d{2}):(\\d{2})(?::(\\d{2}))? ([+-])(\\d{2})(\\d{2})$`,
);

/** Why the value is not a valid date-time, or undefined when it is one. */
export function dateTimeProblem(value: string): string | undefined {
  const text = stripComments(value).replace(/\s+/g, ' ').trim();
  const match = pattern.exec(text);
  if (!match) return `"${text.slice(0, 60)}" is not [day-name ","] day month year hh:mm[:ss] ±hhmm`;
  const [, dayName, day, month, year, hour, minute, second, , , zoneMinutes] = match;
  const monthIndex = monthNames.indexOf(month ?? '');
  const date = new Date(Date.UTC(Number(year), monthIndex, Number(day)));
  if (date.getUTCMonth() !== monthIndex || Number(day) < 1) return `${day} ${month} ${year} is not a date`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 60 || Number(zoneMinutes) > 59) return `"${text}" has an hour, minute, second or zone out of range`;
  if (dayName !== undefined && dayNames[date.getUTCDay()] !== dayName) return `${day} ${month} ${year} is a ${dayNames[date.getUTCDay()]}, not a ${dayName}`;
  return undefined;
}
