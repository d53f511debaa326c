import { displayWidth, padEnd, wrapCell } from '../text/width.js';
import type { Style } from './style.js';

export interface TableOptions {
  /** Columns available; the table is made to fit (default: the style's width; none: natural size). */
  readonly width?: number;
  /**
   * Columns that may wrap when the table is too wide, by index, most willing first (the subject
   * column, then other free text). Default: every column, the widest giving first.
   */
  readonly flex?: readonly number[];
}

/**
 * A wrapped column is never narrower than its header and its longest word (so words are not
 * broken), but that word counts for at most MAX_WORD columns (a long URL may break), and the
 * column for at least MIN_FLEX_WIDTH.
 */
const MIN_FLEX_WIDTH = 6;
const MAX_WORD = 16;

/**
 * A boxed table in the style of cli-table3's compact tables (which the reports used before), made
 * to fit `width`: first the flexible columns wrap at word boundaries, widest first; when even that
 * does not fit, every row becomes a block of "column  value" lines (stacked). Linear in the rows:
 * each cell is measured once and wrapped at most once.
 */
export function renderTable(style: Style, head: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const columns = head.length;
  const natural = head.map((h) => displayWidth(h));
  for (const row of rows) {
    for (let i = 0; i < columns; i++) natural[i] = Math.max(natural[i]!, widest(row[i] ?? ''));
  }
  const width = options.width ?? style.width;
  const fits = width === undefined || tableWidth(natural) <= width;
  const widths = fits ? natural : fit(natural, floors(head, rows, natural), width, options.flex ?? head.map((_, i) => i));
  if (!widths) return renderStacked(style, head, rows, width!);
  const c = style.chalk;
  const rule = (left: string, middle: string, right: string): string => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`;
  const line = (cells: readonly string[]): string[] => {
    const wrapped = cells.map((cell, i) => (widest(cell) > widths[i]! ? wrapCell(cell, widths[i]!) : cell.split('\n')));
    const height = Math.max(1, ...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let l = 0; l < height; l++) out.push(`│${wrapped.map((w, i) => ` ${padEnd(w[l] ?? '', widths[i]!)} `).join('│')}│`);
    return out;
  };
  const out = [rule('┌', '┬', '┐'), ...line(head.map((h) => c.bold(h))), rule('├', '┼', '┤')];
  for (const row of rows) out.push(...line(head.map((_, i) => row[i] ?? '')));
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** Width of the widest line of a cell. */
function widest(cell: string): number {
  if (!cell.includes('\n')) return displayWidth(cell);
  return Math.max(...cell.split('\n').map((l) => displayWidth(l)));
}

/** Box overhead: "│ " before each column, " " after it, and the closing "│". */
function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

/**
 * Column widths that fit `width`, narrowing the flexible columns (the widest first, down to what
 * their header and a short word need), or undefined when even that does not fit.
 */
function fit(natural: readonly number[], floors: readonly number[], width: number, flex: readonly number[]): number[] | undefined {
  const widths = [...natural];
  let excess = tableWidth(widths) - width;
  const floor = (i: number): number => floors[i]!;
  while (excess > 0) {
    // The widest flexible column that can still give, the earlier-listed one on a tie.
    let pick = -1;
    for (const i of flex) if (widths[i]! > floor(i) && (pick === -1 || widths[i]! > widths[pick]!)) pick = i;
    if (pick === -1) return undefined;
    const others = flex.filter((i) => i !== pick).map((i) => widths[i]!);
    // Down to the next widest flexible column (so they end up even), or as far as needed.
    const target = Math.max(floor(pick), Math.min(widths[pick]! - 1, Math.max(0, ...others)), widths[pick]! - excess);
    excess -= widths[pick]! - target;
    widths[pick] = target;
  }
  return widths;
}

/** How narrow each column may get: see MIN_FLEX_WIDTH. Measured only when the table must shrink. */
function floors(head: readonly string[], rows: readonly (readonly string[])[], natural: readonly number[]): number[] {
  const longest = head.map((h) => displayWidth(h));
  for (const row of rows) {
    head.forEach((_, i) => {
      for (const word of (row[i] ?? '').split(/\s+/)) longest[i] = Math.max(longest[i]!, Math.min(MAX_WORD, displayWidth(word)));
    });
  }
  return longest.map((w, i) => Math.min(natural[i]!, Math.max(MIN_FLEX_WIDTH, w)));
}

/** Too narrow for columns: each row as lines of "column  value", a blank line between rows. */
function renderStacked(style: Style, head: readonly string[], rows: readonly (readonly string[])[], width: number): string {
  const c = style.chalk;
  const label = Math.max(...head.map((h) => displayWidth(h)));
  const valueWidth = Math.max(MAX_WORD, width - label - 4);
  const blocks = rows.map((row) =>
    head
      .flatMap((h, i) => {
        const [first = '', ...rest] = wrapCell(row[i] ?? '', valueWidth);
        return [`  ${c.bold(padEnd(h, label))}  ${first}`.trimEnd(), ...rest.map((l) => `  ${' '.repeat(label)}  ${l}`)];
      })
      .join('\n'),
  );
  return blocks.join('\n\n');
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}
