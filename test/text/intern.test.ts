import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatCopy, MAX_INTERNED_STRINGS, StringTable } from '../../src/text/intern.js';

describe('flatCopy', () => {
  it('is the same text for any string: Latin-1, other scripts, emoji and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(flatCopy(s)).toBe(s);
      }),
      { numRuns: 2000, seed: 1 },
    );
    for (const s of ['got "Bulk (1)" in INBOX (whole message, 519 bytes)', 'Grüße aus Köln, 100 %', 'Zoë 😀 中文 — done', `lone ${'\uD800'} surrogate here`]) expect(flatCopy(s)).toBe(s);
  });
});

describe('StringTable', () => {
  it('hands back the value it was given, and holds at most MAX_INTERNED_STRINGS', () => {
    const table = new StringTable();
    for (let i = 0; i < MAX_INTERNED_STRINGS + 10; i++) expect(table.intern(`subject number ${i}`)).toBe(`subject number ${i}`);
    expect(table.size).toBeLessThanOrEqual(MAX_INTERNED_STRINGS);
    expect(table.size).toBeGreaterThan(0);
    table.clear();
    expect(table.size).toBe(0);
  });

  it('keeps one entry for equal strings however they were made', () => {
    const table = new StringTable();
    const header = 'Subject: Bulk (1)\r\nFrom: Erin Brown <erin@example.com>\r\n';
    table.intern(header.slice(9, 17));
    table.intern(['Bulk', ' (1)'].join(''));
    table.intern('Bulk (1)');
    expect(table.size).toBe(1);
  });
});
