import { groupDigits } from '../text/numbers.js';
import type { Style } from './style.js';

/**
 * Which of `total` rows a table shows when it may show at most `maxRows` (0: all). Rows that
 * `matters` picks come first (a convergence matrix keeps the messages that differ), up to the
 * limit; the rest of the room goes to the first and the last rows, half each. Returned in order.
 * Linear in `total`.
 */
export function rowsToShow(total: number, maxRows: number, matters?: (index: number) => boolean): number[] {
  if (maxRows === 0 || total <= maxRows) return Array.from({ length: total }, (_, i) => i);
  const keep = new Uint8Array(total);
  let kept = 0;
  if (matters) {
    for (let i = 0; i < total && kept < maxRows; i++) {
      if (matters(i)) {
        keep[i] = 1;
        kept++;
      }
    }
  }
  // The rest from both ends, alternating, so a list reads from its start and its end.
  for (let front = 0, back = total - 1; kept < maxRows && front <= back; ) {
    if (!keep[front]) {
      keep[front] = 1;
      kept++;
    }
    front++;
    if (kept < maxRows && front <= back && !keep[back]) {
      keep[back] = 1;
      kept++;
    }
    back--;
  }
  const shown: number[] = [];
  for (let i = 0; i < total; i++) if (keep[i]) shown.push(i);
  return shown;
}

/**
 * The rows of a table with at most `maxRows` of `items`, and where rows are left out a row that
 * says how many ("… 2,950 more"), made by `gap`. Only the rows shown are built.
 */
export function elidedRows<T>(
  items: readonly T[],
  maxRows: number,
  row: (item: T, index: number) => string[],
  gap: (text: string) => string[],
  style: Style,
  matters?: (item: T) => boolean,
): string[][] {
  const shown = rowsToShow(items.length, maxRows, matters && ((i) => matters(items[i]!)));
  const rows: string[][] = [];
  let next = 0;
  for (const index of shown) {
    if (index > next) rows.push(gap(moreText(index - next, style)));
    rows.push(row(items[index]!, index));
    next = index + 1;
  }
  if (next < items.length) rows.push(gap(moreText(items.length - next, style)));
  return rows;
}

function moreText(count: number, style: Style): string {
  return style.chalk.dim(`… ${groupDigits(count)} more (--max-rows 0 shows all)`);
}
