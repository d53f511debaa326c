import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, reflow, wrapLines, wrapParagraph } from '../../src/text/width.js';

describe('displayWidth', () => {
  it('counts as string-width does: colour codes take no column, wide characters two', () => {
    expect(displayWidth('plain text')).toBe(10);
    expect(displayWidth('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('tab\there')).toBe(stringWidth('tab\there'));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '~', '\t', '\u001b', '\u001b[1m', '\u001b[38;5;2m', '\u001b[0m', '[', 'm', ';', '2', 'é', '·', '─', '\u00ad', '日', '\u0301', '😀', '\u200b') }),
        (text) => displayWidth(text) === stringWidth(text),
      ),
      { numRuns: 1000, seed: 20261202 },
    );
  });

  it('takes every character of its fast path as one column, as string-width does', () => {
    const ranges = [[0x20, 0x7e], [0xa0, 0xac], [0xae, 0xff], [0x2010, 0x2027], [0x2190, 0x21ff], [0x2500, 0x257f], [0x2713, 0x2713], [0x2717, 0x2717]] as const;
    for (const [first, last] of ranges) for (let code = first; code <= last; code++) expect([code.toString(16), stringWidth(String.fromCodePoint(code))]).toEqual([code.toString(16), 1]);
    expect(displayWidth('\u00ad')).toBe(0);
  });
});

describe('wrapParagraph', () => {
  it('leaves text that fits alone, and wraps the rest at word boundaries under a hanging indent', () => {
    expect(wrapParagraph('short', 40, '  why: ')).toBe('  why: short');
    expect(wrapParagraph('one two three four five six seven eight nine ten', 30, '  why: ')).toBe('  why: one two three four five\n       six seven eight nine\n       ten');
  });

  it('gives the first line the room its prefix leaves and the rest the room the hanging indent leaves', () => {
    expect(wrapParagraph('aaa bbb ccc ddd eee fff ggg hhh', 20, 'Verdict (x): ', '  ')).toBe('Verdict (x): aaa bbb\n  ccc ddd eee fff\n  ggg hhh');
  });

  it('keeps a quantity with its unit, and breaks a word longer than the line', () => {
    expect(wrapParagraph('downloaded 1.4 KB today', 18)).toBe('downloaded 1.4 KB\ntoday');
    expect(wrapParagraph('x'.repeat(25), 10)).toBe('xxxxxxxxxx\nxxxxxxxxxx\nxxxxx');
  });
});

describe('reflow', () => {
  it('re-wraps hard-wrapped prose: lines join until a short line, a blank line or a list item ends the paragraph', () => {
    const lesson = 'POP3 downloads each message to the device that checks first and deletes it\nfrom the server, so the phone finds nothing.\nIMAP keeps the mail on the server.\n\n- one item\n- another item that is long\n';
    expect(reflow(lesson, 50, '  ')).toBe(
      [
        '  POP3 downloads each message to the device that',
        '  checks first and deletes it from the server, so',
        '  the phone finds nothing.',
        '  IMAP keeps the mail on the server.',
        '',
        '  - one item',
        '  - another item that is long',
      ].join('\n'),
    );
  });
});

describe('wrapLines (help text)', () => {
  it('hangs a two-column line under its second column', () => {
    expect(wrapLines('  $ mailsim list   list the built-in scenarios, one line each', 40)).toBe('  $ mailsim list   list the built-in\n                   scenarios, one line\n                   each');
  });
});
