import { parseDuration } from './duration.js';

/**
 * Clock times a scenario can write, always UTC like the rest of mailsim:
 * - "09:10" or "09:10:30": that time on the current virtual day;
 * - "Tue 09:10": that time on the next Tuesday, today included;
 * - "2024-03-05T09:10:00Z": that instant;
 * - "+15m": that long after the previous step (a duration, as `advance` takes).
 * Resolved against the clock as the steps leave it, so the loader can report a time that lies in
 * the past at its line.
 */
export type ClockTime =
  | { readonly kind: 'time'; readonly ms: number }
  | { readonly kind: 'weekday'; readonly day: number; readonly ms: number }
  | { readonly kind: 'instant'; readonly at: number }
  | { readonly kind: 'after'; readonly ms: number };

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;

/** Parses a clock time, or returns undefined when the text is none of the forms above. */
export function parseClockTime(text: string): ClockTime | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('+')) {
    try {
      return { kind: 'after', ms: parseDuration(trimmed.slice(1)) };
    } catch {
      return undefined;
    }
  }
  if (INSTANT.test(trimmed)) {
    const at = Date.parse(trimmed);
    return Number.isNaN(at) ? undefined : { kind: 'instant', at };
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length === 2) {
    const word = parts[0]!.toLowerCase();
    const day = DAYS.findIndex((d, i) => word === d || word === FULL_DAYS[i]);
    const ms = timeOfDay(parts[1]!);
    return day >= 0 && ms !== undefined ? { kind: 'weekday', day, ms } : undefined;
  }
  const ms = timeOfDay(trimmed);
  return ms === undefined ? undefined : { kind: 'time', ms };
}

function timeOfDay(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** The instant a clock time names, seen from `now` (virtual ms). */
export function resolveClockTime(time: ClockTime, now: number): number {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  switch (time.kind) {
    case 'after':
      return now + time.ms;
    case 'instant':
      return time.at;
    case 'time':
      return midnight + time.ms;
    case 'weekday': {
      const today = new Date(midnight).getUTCDay();
      return midnight + ((time.day - today + 7) % 7) * DAY_MS + time.ms;
    }
  }
}

export const CLOCK_TIME_HINT = 'write "09:10" (today), "Tue 09:10" (the next Tuesday), "2024-03-05T09:10:00Z", or "+15m" (after the previous step)';
