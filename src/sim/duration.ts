/**
 * Durations as scenario authors write them: "90s", "10m", "3d", "1h30m", "2w".
 * Kept strict on purpose: a typo such as "10 mins" is an error, not a silent zero.
 */

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

type Unit = keyof typeof UNIT_MS;

const PART = /(\d+)(ms|s|m|h|d|w)/y;

export class DurationSyntaxError extends Error {
  readonly code = 'DURATION_SYNTAX';
}

/** Parses "1h30m" into milliseconds. Throws DurationSyntaxError with a hint. */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '') throw new DurationSyntaxError('empty duration; write e.g. "90s", "10m", "3d"');
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (!match) {
      throw new DurationSyntaxError(
        `bad duration "${text}" near "${input.slice(start)}"; use a number and a unit (ms, s, m, h, d, w), e.g. "90s", "1h30m", "3d"`,
      );
    }
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
  }
  return total;
}

/** Formats milliseconds the way people read them: "3d 2h", "10m", "45s", "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return sign + parts.join(' ');
}
