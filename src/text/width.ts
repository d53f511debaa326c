import { wrapOneColumn } from './one-column-wrap.js';
import { stringWidth, wrapAnsi } from './wide-text.js';

/**
 * Text that fits a terminal: widths in columns (colour codes take none, wide characters two),
 * word wrapping with hanging indents. The report, help and error layers all measure with these.
 */

/** Narrowest width mailsim lays out for; below it, lines would be mostly indentation. */
export const MIN_WIDTH = 40;
/** Width when nothing says otherwise (not a terminal, no COLUMNS, no --width). Goldens use it. */
export const DEFAULT_WIDTH = 100;

/**
 * Characters one column wide that the report is made of: printable ASCII and Latin-1 (soft hyphen
 * excepted: it takes none), punctuation such as "·", "…" and "—", arrows, box drawing, ✓ and ✗.
 * test/text/width.test.ts checks every one of them against string-width.
 */
const NARROW_CHARS = '\\x20-\\x7e\\xa0-\\xac\\xae-\\xff\\u2010-\\u2027\\u2190-\\u21ff\\u2500-\\u257f\\u2713\\u2717';
const NARROW = new RegExp(`^[${NARROW_CHARS}]*$`);
/**
 * Glues a quantity to its unit while wrapping: a private-use character, one column wide (text
 * that really contains one would print a space).
 */
const GLUE = '\ue000';
/**
 * A line wrapOneColumn wraps as wrap-ansi would: NARROW's characters and GLUE, which string-width
 * also counts as one column; no colour codes, tabs or line breaks.
 */
export const ONE_COLUMN_LINE = new RegExp(`^[${NARROW_CHARS}${GLUE}]*$`);

/** One line word-wrapped at `columns` (words longer than that broken), as wrap-ansi `{ hard: true, trim: true }` does. */
function wrapLine(line: string, columns: number): string {
  return ONE_COLUMN_LINE.test(line) ? wrapOneColumn(line, columns) : wrapAnsi(line, columns, { hard: true, trim: true });
}

/** The colour codes chalk writes (SGR): they take no column. */
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * Columns `text` takes on a terminal. Report text is almost all one-column characters, with or
 * without colour codes, which one or two native regex passes measure; string-width's general path
 * (grapheme clusters, East Asian widths, emoji) was half of a 50-device run's report time and is
 * kept for everything else.
 */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  if (text.includes('\x1b')) {
    const plain = text.replace(SGR, '');
    if (NARROW.test(plain)) return plain.length;
  }
  return stringWidth(text);
}

/** `text` padded with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
  const pad = width - displayWidth(text);
  return pad > 0 ? text + ' '.repeat(pad) : text;
}

/** A table cell's lines at `width`: word-wrapped, a word longer than the width broken. */
export function wrapCell(cell: string, width: number): string[] {
  return cell.split('\n').flatMap((line) => (displayWidth(line) <= width ? [line] : wrapLine(line, width).split('\n')));
}

/** A quantity and its unit ("1.4 KB", "476 bytes") stay on one line: glued while wrapping. */
const QUANTITY = /(\d) (bytes?|octets?|[KMG]?B)\b/g;

/**
 * One paragraph wrapped to `width` columns at word boundaries: the first line starts with
 * `first` (e.g. "  why: "), the others with `hanging` (spaces, by default as wide as `first`).
 * Text that fits is returned unchanged, so nothing moves at a generous width.
 */
export function wrapParagraph(text: string, width: number, first = '', hanging = ' '.repeat(displayWidth(first))): string {
  if (displayWidth(first) + displayWidth(text) <= width) return first + text;
  return wrapGlued(text.replace(QUANTITY, `$1${GLUE}$2`), width, first, hanging).replaceAll(GLUE, ' ');
}

function wrapGlued(text: string, width: number, first: string, hanging: string): string {
  // Continuation lines keep at least a third of the width, however deep the indent.
  const indent = displayWidth(hanging) > width * (2 / 3) ? '    ' : hanging;
  const wrapAt = (value: string, room: number): string[] => wrapLine(value, Math.max(10, room)).split('\n');
  // The first line has the room `first` leaves; the rest (each wrapped line carries its own
  // colour codes, so they join back into valid text) the room the hanging indent leaves.
  const [head = '', ...tail] = wrapAt(text, width - displayWidth(first));
  const rest = tail.length > 0 ? wrapAt(tail.join(' '), width - displayWidth(indent)) : [];
  return [first + head, ...rest.map((line) => indent + line)].join('\n');
}

/**
 * Each line of `text` wrapped on its own, keeping its layout: its leading spaces are the first
 * indent, and a line in two columns ("  $ mailsim list    list the built-ins") hangs under its
 * second column, as help text is written.
 */
export function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (displayWidth(line) <= width) return line;
      const lead = /^ */.exec(line)![0];
      const columns = /^( *\S(?:.*?\S)?)( {2,})(?=\S)/.exec(line);
      const second = columns ? displayWidth(columns[1]! + columns[2]!) : 0;
      if (columns && second <= width / 2) return wrapParagraph(line.slice(second), width, line.slice(0, second), ' '.repeat(second));
      return wrapParagraph(line.slice(lead.length), width, lead, `${lead}  `);
    })
    .join('\n');
}

/**
 * Prose written hard-wrapped in a YAML block (a lesson, a description) as paragraphs to re-wrap:
 * a blank line, a list item ("- ", "* ", "1. "), or the line after a short one (under three
 * quarters of the block's longest line: where the author ended a paragraph) starts a new one.
 */
export function reflow(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const block of text.trim().split(/\n\s*\n/)) {
    const lines = block.split('\n').map((l) => l.trim());
    const longest = Math.max(...lines.map((l) => displayWidth(l)));
    const paragraphs: string[][] = [];
    let previous = '';
    for (const line of lines) {
      const item = /^([-*]|\d+\.) /.test(line);
      if (paragraphs.length === 0 || item || displayWidth(previous) < longest * 0.75) paragraphs.push([line]);
      else paragraphs[paragraphs.length - 1]!.push(line);
      previous = line;
    }
    const wrapped = paragraphs.map((p) => {
      const joined = p.join(' ');
      const bullet = /^([-*]|\d+\.) /.exec(joined)?.[0] ?? '';
      return wrapParagraph(joined.slice(bullet.length), width, indent + bullet);
    });
    out.push(wrapped.join('\n'));
  }
  return out.join('\n\n');
}
