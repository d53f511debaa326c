/**
 * The literal marker that ends a line announcing a literal: `{n}` (synchronizing), `{n+}`
 * (non-synchronizing, RFC 7888) or the `~` forms of literal8 (RFC 3516), which we recognise only
 * to frame and refuse them.
 */
export interface LiteralMarker {
  /** Announced octets; Infinity when the number is too long to be meaningful. */
  readonly size: number;
  readonly nonSync: boolean;
  readonly binary: boolean;
}

/** "~{" + up to 20 digits + "+}" fits well within this many trailing bytes. */
const WINDOW = 32;
const MARKER = /(~?)\{([0-9]+)(\+?)\}$/;

export function findLiteralMarker(line: Buffer): LiteralMarker | undefined {
  if (line.length < 3 || line[line.length - 1] !== 0x7d) return undefined;
  const match = MARKER.exec(line.toString('latin1', Math.max(0, line.length - WINDOW)));
  if (match === null) return undefined;
  const digits = match[2]!;
  return {
    size: digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits),
    nonSync: match[3] === '+',
    binary: match[1] === '~',
  };
}
