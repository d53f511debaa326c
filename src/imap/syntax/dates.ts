/**
 * IMAP dates (RFC 3501 9): `date` for SEARCH (a calendar day, no time) and `date-time` for APPEND
 * and INTERNALDATE. Pure functions of their input: nothing here reads the clock.
 */
import { syntaxError } from './errors.js';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A calendar day as SEARCH names it; month is 1-12. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function monthNumber(text: string, whole: string): number {
  const index = MONTHS.findIndex((month) => month.toLowerCase() === text.toLowerCase());
  if (index === -1) throw syntaxError('SYNTAX', `invalid date "${whole}": "${text}" is not a month (Jan..Dec)`);
  return index + 1;
}

function lengthOfMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not. */
function utcMs(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date.getTime();
}

function checkCalendarDate(year: number, month: number, day: number, whole: string): CalendarDate {
  if (day < 1 || day > lengthOfMonth(year, month)) {
    throw syntaxError('SYNTAX', `invalid date "${whole}": ${MONTHS[month - 1]} ${year} has no day ${day}`);
  }
  return { year, month, day };
}

/**
 * SEARCH's date: date-day "-" date-month "-" date-year, where date-day is 1 or 2 digits, so
 * `1-Jan-2024` and `01-Jan-2024` are both valid; a leading space (` 1-Jan-2024`, the date-time
 * spelling some clients reuse inside quotes) is accepted too. Months are case-insensitive.
 */
export function parseSearchDate(text: string): CalendarDate {
  const match = /^ ?([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})$/.exec(text);
  if (match === null) throw syntaxError('SYNTAX', `invalid date "${text}", expected d-Mon-yyyy such as 1-Feb-2024`);
  return checkCalendarDate(Number(match[3]), monthNumber(match[2]!, text), Number(match[1]), text);
}

/**
 * date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE, given
 * without the quotes: `17-Jul-1996 02:44:25 -0700` or ` 7-Jul-1996 ...` (date-day-fixed pads with a
 * space); a one-digit day without the space is accepted as well. Returns epoch milliseconds.
 */
export function parseDateTime(text: string): number {
  const match = /^(?: ([0-9])|([0-9]{1,2}))-([A-Za-z]{3})-([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})$/.exec(text);
  if (match === null) {
    throw syntaxError('SYNTAX', `invalid date-time "${text}", expected dd-Mon-yyyy hh:mm:ss +zzzz such as 17-Jul-1996 02:44:25 -0700`);
  }
  const day = Number(match[1] ?? match[2]);
  const { year, month } = checkCalendarDate(Number(match[4]), monthNumber(match[3]!, text), day, text);
  const [hours, minutes, seconds, zoneHours, zoneMinutes] = [5, 6, 7, 9, 10].map((i) => Number(match[i]));
  if (hours! > 23 || minutes! > 59 || seconds! > 60) throw syntaxError('SYNTAX', `invalid date-time "${text}": no such time of day`);
  if (zoneMinutes! > 59) throw syntaxError('SYNTAX', `invalid date-time "${text}": zone minutes above 59`);
  const offsetMs = (match[8] === '-' ? -1 : 1) * (zoneHours! * 60 + zoneMinutes!) * 60_000;
  return utcMs(year, month, day, hours, minutes, seconds) - offsetMs;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * INTERNALDATE's text (without quotes) for epoch milliseconds, always in +0000: the simulator has no
 * server time zone, and UTC keeps output identical wherever it runs. The day is space-padded as
 * date-day-fixed requires: ` 7-Jul-1996 09:44:25 +0000`.
 */
export function formatInternalDate(ms: number): string {
  const date = new Date(ms);
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const month = MONTHS[date.getUTCMonth()]!;
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${day}-${month}-${year} ${time} +0000`;
}

/**
 * The UTC day [start, end) in epoch ms. RFC 3501 compares SEARCH dates "disregarding time and
 * timezone"; we take a message's internal date by its UTC calendar day, the same zone in which we
 * print INTERNALDATE, so BEFORE/ON/SINCE agree with what a client sees.
 */
export function utcDayRange(date: CalendarDate): { readonly start: number; readonly end: number } {
  const start = utcMs(date.year, date.month, date.day);
  return { start, end: start + DAY_MS };
}

/**
 * The calendar day of an instant as seen at a UTC offset in minutes. SENTBEFORE/SENTON/SENTSINCE
 * compare the Date: header's own day, so pass the header's offset (-0700 -> -420); internal dates
 * use 0, see utcDayRange.
 */
export function calendarDateOf(ms: number, offsetMinutes = 0): CalendarDate {
  const date = new Date(ms + offsetMinutes * 60_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
