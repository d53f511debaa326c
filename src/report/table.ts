import Table from 'cli-table3';
import type { Style } from './style.js';

/** A cli-table3 table whose own colouring is off: colour comes only from our Style. */
export function renderTable(style: Style, head: string[], rows: string[][]): string {
  const table = new Table({
    head: head.map((h) => style.chalk.bold(h)),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}
