import { describe, expect, it } from 'vitest';
import {
  calendarDateOf,
  compareCalendarDates,
  formatInternalDate,
  parseDateTime,
  parseSearchDate,
  utcDayRange,
} from '../../../src/imap/syntax/dates.js';
import { thrown } from './helpers.js';

describe('parseSearchDate', () => {
  it.each([
    ['01-Jan-2024', { year: 2024, month: 1, day: 1 }],
    ['1-Jan-2024', { year: 2024, month: 1, day: 1 }],
    [' 1-Jan-2024', { year: 2024, month: 1, day: 1 }],
    ['29-feb-2024', { year: 2024, month: 2, day: 29 }],
    ['31-DEC-1999', { year: 1999, month: 12, day: 31 }],
  ])('%j', (text, expected) => {
    expect(parseSearchDate(text)).toEqual(expected);
  });

  it.each([
    ['2024-01-01', /expected d-Mon-yyyy/],
    ['1-Jan-24', /expected d-Mon-yyyy/],
    ['001-Jan-2024', /expected d-Mon-yyyy/],
    ['1-Foo-2024', /"Foo" is not a month/],
    ['29-Feb-2023', /Feb 2023 has no day 29/],
    ['31-Apr-2024', /Apr 2024 has no day 31/],
    ['0-Jan-2024', /no day 0/],
    ['1-Jan-2024 ', /expected/],
  ])('refuses %j', (text, message) => {
    const error = thrown(() => parseSearchDate(text));
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toMatch(message);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['17-Jul-1996 02:44:25 -0700', Date.UTC(1996, 6, 17, 9, 44, 25)],
    [' 7-Jul-1996 02:44:25 +0000', Date.UTC(1996, 6, 7, 2, 44, 25)],
    ['7-Jul-1996 02:44:25 +0000', Date.UTC(1996, 6, 7, 2, 44, 25)],
    [' 5-Jan-2024 03:04:05 +0530', Date.UTC(2024, 0, 4, 21, 34, 5)],
    ['01-jan-2024 00:00:00 +0100', Date.UTC(2023, 11, 31, 23, 0, 0)],
    ['31-Dec-2023 23:59:59 -1200', Date.UTC(2024, 0, 1, 11, 59, 59)],
  ])('%j', (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  it.each([
    ['17-Jul-1996 02:44:25', /expected dd-Mon-yyyy hh:mm:ss \+zzzz/],
    ['17-Jul-1996 2:44:25 -0700', /expected/],
    ['17-Jul-1996 24:00:00 +0000', /no such time/],
    ['17-Jul-1996 02:60:00 +0000', /no such time/],
    ['17-Jul-1996 02:44:25 +0060', /zone minutes/],
    ['30-Feb-1996 02:44:25 +0000', /has no day 30/],
    ['  7-Jul-1996 02:44:25 +0000', /expected/],
    ['17-Jul-1996T02:44:25 +0000', /expected/],
  ])('refuses %j', (text, message) => {
    const error = thrown(() => parseDateTime(text));
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toMatch(message);
  });
});

describe('formatInternalDate', () => {
  it.each([
    [Date.UTC(1996, 6, 17, 9, 44, 25), '17-Jul-1996 09:44:25 +0000'],
    [Date.UTC(2024, 0, 5, 3, 4, 5), ' 5-Jan-2024 03:04:05 +0000'],
    [0, ' 1-Jan-1970 00:00:00 +0000'],
  ])('%d -> %j', (ms, expected) => {
    expect(formatInternalDate(ms)).toBe(expected);
    expect(parseDateTime(expected)).toBe(ms);
  });

  it('drops milliseconds (IMAP dates have none)', () => {
    expect(formatInternalDate(Date.UTC(2024, 0, 5, 3, 4, 5, 999))).toBe(' 5-Jan-2024 03:04:05 +0000');
  });
});

describe('calendar days for SEARCH', () => {
  it('gives the UTC day as [start, end)', () => {
    expect(utcDayRange({ year: 2024, month: 2, day: 29 })).toEqual({ start: Date.UTC(2024, 1, 29), end: Date.UTC(2024, 2, 1) });
    expect(utcDayRange({ year: 2023, month: 12, day: 31 })).toEqual({ start: Date.UTC(2023, 11, 31), end: Date.UTC(2024, 0, 1) });
  });

  it('handles years below 100 literally', () => {
    expect(new Date(utcDayRange({ year: 50, month: 1, day: 1 }).start).getUTCFullYear()).toBe(50);
  });

  it('finds the day of an instant at an offset', () => {
    const instant = Date.UTC(2024, 0, 1, 3, 0, 0);
    expect(calendarDateOf(instant)).toEqual({ year: 2024, month: 1, day: 1 });
    expect(calendarDateOf(instant, -7 * 60)).toEqual({ year: 2023, month: 12, day: 31 });
  });

  it('compares days', () => {
    const a = { year: 2024, month: 1, day: 31 };
    const b = { year: 2024, month: 2, day: 1 };
    expect(compareCalendarDates(a, b)).toBeLessThan(0);
    expect(compareCalendarDates(b, a)).toBeGreaterThan(0);
    expect(compareCalendarDates(a, { ...a })).toBe(0);
  });
});
