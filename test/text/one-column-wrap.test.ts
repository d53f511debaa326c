import fc from 'fast-check';
import wrapAnsi from 'wrap-ansi';
import { describe, expect, it } from 'vitest';
import { wrapOneColumn } from '../../src/text/one-column-wrap.js';
import { ONE_COLUMN_LINE, wrapCell, wrapParagraph } from '../../src/text/width.js';

/** Characters of width.ts's ONE_COLUMN_LINE, spaces and NBSP often. */
const oneColumnChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(' ', ' ', 'a', 'b', 'W', '1', '.', ',', '-', '(', ')') },
  { weight: 1, arbitrary: fc.constantFrom('\xa0', '\xe9', '\xb7', '\xff', '\u2014', '\u2026', '\u2192', '\u21d2', '\u219a', '\u2500', '\u2713', '\u2717', '\ue000') },
  { weight: 1, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
);
const line = fc.array(oneColumnChar, { maxLength: 120 }).map((chars) => chars.join(''));

describe('wrapOneColumn', () => {
  it('wraps one-column text exactly as wrap-ansi does with { hard: true, trim: true }', () => {
    fc.assert(
      fc.property(line, fc.integer({ min: 1, max: 50 }), (text, columns) => {
        expect(wrapOneColumn(text, columns)).toBe(wrapAnsi(text, columns, { hard: true, trim: true }));
      }),
      { numRuns: 5000, seed: 20261202 },
    );
  });

  it('may skip wrap-ansi\'s NFC step: every one-column character, alone or beside another, is already NFC', () => {
    const chars = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((c) => ONE_COLUMN_LINE.test(c));
    expect(chars.length).toBeGreaterThan(400);
    const unstable = chars.flatMap((a) => chars.filter((b) => (a + b).normalize() !== a + b).map((b) => a + b));
    expect(unstable).toEqual([]);
  });

  it('breaks long words and keeps rows within the width', () => {
    expect(wrapOneColumn('aaaaaaaaaaaa bb', 5)).toBe('aaaaa\naaaaa\naa bb');
    expect(wrapOneColumn('x aaaaaaa', 5)).toBe('x aaa\naaaa');
    expect(wrapOneColumn('   ', 5)).toBe('');
  });
});

describe('width.ts wrapping', () => {
  it('gives the same lines whichever path a paragraph or cell takes', () => {
    const colour = (s: string): string => `\x1b[1m${s}\x1b[22m`;
    const text = 'Bulk (17) was downloaded by pop0 \u2014 1.2 KB \u2192 INBOX, then read on imap1 and moved to Archive';
    // The coloured copy goes through wrap-ansi; without the codes it must break at the same places.
    expect(wrapParagraph(colour(text), 30).replace(/\x1b\[\d+m/g, '')).toBe(wrapParagraph(text, 30));
    expect(wrapCell(colour(text), 20).map((l) => l.replace(/\x1b\[\d+m/g, ''))).toEqual(wrapCell(text, 20));
  });
});
