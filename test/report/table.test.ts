import Table from 'cli-table3';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../src/report/style.js';
import { renderTable } from '../../src/report/table.js';

const style = makeStyle(false);
const HEAD = ['#', 'Folder', 'Subject', 'From', 'Date', 'State'];
const ROWS = [
  ['1', 'INBOX', 'Dinner on Friday?', 'Bob Smith', '08:00', 'read'],
  ['2', 'INBOX', 'Your statement is ready for download', 'Northwind Bank', '08:00', 'unread'],
];
const widths = (text: string): number[] => text.split('\n').map((l) => stringWidth(l));

describe('renderTable', () => {
  it('draws what cli-table3 drew when the table fits (so reports did not change)', () => {
    const table = new Table({ head: HEAD, style: { head: [], border: [], compact: true }, wordWrap: false });
    for (const row of ROWS) table.push(row);
    expect(renderTable(style, HEAD, ROWS)).toBe(table.toString());
    expect(renderTable(style, HEAD, ROWS, { width: 200 })).toBe(table.toString());
  });

  it('wraps the widest column at word boundaries first when the table is too wide', () => {
    const text = renderTable(style, HEAD, ROWS, { width: 70 });
    expect(Math.max(...widths(text))).toBeLessThanOrEqual(70);
    expect(text.split('\n').slice(4, 6)).toEqual([
      '│ 2 │ INBOX  │ Your statement is   │ Northwind Bank │ 08:00 │ unread │',
      '│   │        │ ready for download  │                │       │        │',
    ]);
  });

  it('narrows several columns evenly, never breaking a word, then stacks the rows', () => {
    const narrow = renderTable(style, HEAD, ROWS, { width: 56 });
    expect(Math.max(...widths(narrow))).toBeLessThanOrEqual(56);
    expect(narrow).toContain('│ 2 │ INBOX  │ Your      │ Northwind  │ 08:00 │ unread │\n│   │        │ statement │ Bank       │       │        │');
    const stacked = renderTable(style, HEAD, ROWS, { width: 40 });
    expect(stacked.split('\n\n')).toHaveLength(2);
    expect(stacked.split('\n\n')[1]).toBe(
      ['  #        2', '  Folder   INBOX', '  Subject  Your statement is ready for', '           download', '  From     Northwind Bank', '  Date     08:00', '  State    unread'].join('\n'),
    );
    expect(Math.max(...widths(stacked))).toBeLessThanOrEqual(40);
  });

  it('takes the width from the style, and keeps colour codes out of the measurements', () => {
    const coloured = makeStyle(true, 70);
    const rows = ROWS.map((r) => [...r.slice(0, 5), coloured.chalk.red(r[5]!)]);
    const text = renderTable(coloured, HEAD, rows);
    expect(Math.max(...widths(text))).toBeLessThanOrEqual(70);
    expect(text).toContain(`${coloured.chalk.red('unread')} │`);
  });
});
