/**
 * Word wrapping of one line whose every character is one column wide and which holds no colour
 * codes, tabs or line breaks (width.ts decides that): exactly what wrap-ansi does for such a line
 * with `{ hard: true, trim: true }`, step for step (its `exec`, wrap-ansi 10), with lengths for
 * widths. test/text/one-column-wrap.test.ts holds the two equal.
 *
 * Why not wrap-ansi itself: to measure, it loads string-width, whose module creates an
 * `Intl.Segmenter` and the `\p{RGI_Emoji}` expression at load, about 30 ms of every `mailsim run`
 * (CPU profile of laptop-phone); report text is almost all one-column (width.ts NARROW), so the
 * general path is now loaded only for text that needs it.
 */
export function wrapOneColumn(line: string, columns: number): string {
  if (line.trim() === '') return '';
  const rows = [''];
  let rowLength = 0;
  // Once a row starts with a character other than whitespace, it never needs trimming again.
  let trimmedRowIndex = -1;
  let isFirstWord = true;
  for (const word of line.split(' ')) {
    const rowIndex = rows.length - 1;
    if (trimmedRowIndex !== rowIndex) {
      const row = rows[rowIndex]!;
      const trimmed = row.trimStart();
      if (trimmed.length !== row.length) {
        rows[rowIndex] = trimmed;
        rowLength = trimmed.length;
      }
      if (trimmed.length > 0) trimmedRowIndex = rowIndex;
    }
    if (isFirstWord) isFirstWord = false;
    else if (rowLength > 0) {
      rows[rows.length - 1] += ' ';
      rowLength++;
    }
    if (word.length > columns) {
      // A word longer than a row: broken into pieces, starting on this row when that does not
      // take more rows than starting on the next.
      const breaksStartingThisLine = 1 + Math.floor((word.length - (columns - rowLength) - 1) / columns);
      const breaksStartingNextLine = Math.floor((word.length - 1) / columns);
      if (breaksStartingNextLine < breaksStartingThisLine) {
        rows.push('');
        rowLength = 0;
      }
      rowLength = breakWord(rows, word, columns, rowLength);
      continue;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) {
      rows.push('');
      rowLength = 0;
    }
    rows[rows.length - 1] += word;
    rowLength += word.length;
  }
  return rows.map(trimSpacesRight).join('\n');
}

/** wrap-ansi's wrapWord for one-column characters: fills rows to `columns`; the last row's length. */
function breakWord(rows: string[], word: string, columns: number, rowLength: number): number {
  let visible = rowLength;
  for (let i = 0; i < word.length; i++) {
    if (visible > 0 && visible + 1 > columns) {
      rows.push('');
      visible = 0;
    }
    rows[rows.length - 1] += word.charAt(i);
    visible++;
    if (visible === columns && i < word.length - 1) {
      rows.push('');
      visible = 0;
    }
  }
  return rows[rows.length - 1]!.length;
}

/** Trailing U+0020 only, as wrap-ansi trims rows (other whitespace stays). */
function trimSpacesRight(row: string): string {
  let end = row.length;
  while (end > 0 && row[end - 1] === ' ') end--;
  return end === row.length ? row : row.slice(0, end);
}
