/**
 * How a stored message travels over POP3. Stored raw bytes may use bare LF; RFC 1939 3 sends
 * CRLF lines, so we normalise every line end (CRLF or LF) to CRLF and end a final unterminated
 * line with CRLF. The message's POP3 size is the octet count of exactly those normalised bytes —
 * what the client holds after dot-unstuffing — so LIST/STAT sizes equal what RETR delivers.
 * Dot-stuffing and the terminating ".CRLF" are transport framing and are not counted.
 */

const DOT = 0x2e;
const LF = 0x0a;
const CR = 0x0d;
const CRLF = Buffer.from('\r\n');
const TERMINATOR = Buffer.from('.\r\n');
const STUFF = Buffer.from('.');

/** The message's lines without terminators; CRLF and bare LF both end a line. */
export function messageLines(raw: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < raw.length) {
    const lf = raw.indexOf(LF, start);
    if (lf === -1) {
      lines.push(raw.subarray(start));
      break;
    }
    const end = lf > start && raw[lf - 1] === CR ? lf - 1 : lf;
    lines.push(raw.subarray(start, end));
    start = lf + 1;
  }
  return lines;
}

/** Octets of the lines as delivered: each line plus CRLF. */
export function linesOctets(lines: readonly Buffer[]): number {
  let total = 0;
  for (const line of lines) total += line.length + CRLF.length;
  return total;
}

/** The POP3 size of a stored message (see the module comment). */
export function pop3Size(raw: Buffer): number {
  return pop3Layout(raw).size;
}

/**
 * TOP n k (RFC 1939 7): the header lines, the blank line separating them from the body, then at
 * most `bodyLines` body lines. A message without a blank line is all header; we still end it with
 * a blank line so the client always receives a complete header block.
 */
export function topLines(raw: Buffer, bodyLines: number): Buffer[] {
  const lines = messageLines(raw);
  const blank = lines.findIndex((line) => line.length === 0);
  if (blank === -1) return [...lines, Buffer.alloc(0)];
  return lines.slice(0, blank + 1 + bodyLines);
}

/** Multi-line response body on the wire: each line dot-stuffed (RFC 1939 3), CRLF, then ".CRLF". */
export function encodeMultiline(lines: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const line of lines) {
    if (line[0] === DOT) parts.push(STUFF);
    parts.push(line, CRLF);
  }
  parts.push(TERMINATOR);
  return Buffer.concat(parts);
}

/**
 * How a stored message goes out in a RETR, worked out once per stored message (its octets never
 * change) and kept as long as the message: its POP3 size, and where its wire form differs from the
 * stored octets. Most messages have CRLF line ends throughout; for them the wire form is the
 * stored Buffer itself, cut before each line that starts with "." to add the stuffing dot, so a
 * RETR copies nothing. Messages with a bare LF are encoded line by line (encodeMultiline) on
 * each RETR, as before.
 */
export interface Pop3Layout {
  /** POP3 size (see the module comment): what LIST, STAT and the RETR status line report. */
  readonly size: number;
  /** Offsets of the lines that start with "."; undefined when some line ends with a bare LF. */
  readonly dotLines: readonly number[] | undefined;
  /** The last line has no line end: CRLF is added after it. */
  readonly finalCrlf: boolean;
}

/** One small layout per stored message, held weakly: it goes when the message's octets go. */
const layouts = new WeakMap<Buffer, Pop3Layout>();

export function pop3Layout(raw: Buffer): Pop3Layout {
  let layout = layouts.get(raw);
  if (layout === undefined) {
    layout = computeLayout(raw);
    layouts.set(raw, layout);
  }
  return layout;
}

function computeLayout(raw: Buffer): Pop3Layout {
  const dotLines: number[] = [];
  let bareLf = 0;
  let start = 0;
  while (start < raw.length) {
    if (raw[start] === DOT) dotLines.push(start);
    const lf = raw.indexOf(LF, start);
    if (lf === -1) return { size: raw.length + CRLF.length + bareLf, dotLines: bareLf === 0 ? dotLines : undefined, finalCrlf: true };
    if (lf === start || raw[lf - 1] !== CR) bareLf++;
    start = lf + 1;
  }
  return { size: raw.length + bareLf, dotLines: bareLf === 0 ? dotLines : undefined, finalCrlf: false };
}

/** RETR's content on the wire, dot-stuffed and terminated: views of `raw` where it can be. */
export function retrChunks(raw: Buffer): Buffer[] {
  const { dotLines, finalCrlf } = pop3Layout(raw);
  if (dotLines === undefined) return [encodeMultiline(messageLines(raw))];
  const chunks: Buffer[] = [];
  let from = 0;
  for (const at of dotLines) {
    if (at > from) chunks.push(raw.subarray(from, at));
    chunks.push(STUFF);
    from = at;
  }
  if (from < raw.length) chunks.push(from === 0 ? raw : raw.subarray(from));
  if (finalCrlf) chunks.push(CRLF);
  chunks.push(TERMINATOR);
  return chunks;
}
