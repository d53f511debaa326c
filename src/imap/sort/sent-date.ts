/**
 * The sent date of RFC 5256 2.2: the Date: header as an instant (its zone applied), or, when the
 * header is missing or cannot be read, the internal date. SORT DATE and THREAD order by it.
 */
import { MONTHS } from '../syntax/index.js';

/** RFC 5322 3.3 and its obsolete forms (4.3): [day ","] d month yy[yy] hh:mm[:ss] zone. */
const DATE_TIME = /^\s*(?:[A-Za-z]+\s*,\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\s+(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/;

/** RFC 5322 4.3 obsolete zones; military letters and unknown names count as +0000 there. */
const NAMED_ZONES: Readonly<Record<string, number>> = { UT: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

/** Epoch ms of a Date: header value, or undefined when it cannot be read. */
export function parseSentDate(value: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (match === null) return undefined;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === match[2]!.toLowerCase());
  if (month < 0) return undefined;
  let year = Number(match[3]);
  // RFC 5322 4.3: two digits are 1950-2049, three digits add 1900.
  if (match[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (match[3]!.length === 3) year += 1900;
  const [day, hour, minute, second] = [match[1], match[4], match[5], match[6] ?? '0'].map(Number) as [number, number, number, number];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const zone = match[7];
  let offset = 0;
  if (zone !== undefined && /^[+-]/.test(zone)) {
    offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone !== undefined) {
    offset = NAMED_ZONES[zone.toUpperCase()] ?? 0;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() - offset * 60_000;
}
