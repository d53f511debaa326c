/**
 * RETR from the stored Buffer (message-format.ts pop3Layout / retrChunks): the same octets as the
 * line-by-line encoding for every message, the stored Buffer itself on the wire when it has CRLF
 * line ends, and the layout worked out once per stored message, not once per RETR.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMultiline, linesOctets, messageLines, pop3Layout, pop3Size, retrChunks } from '../../src/pop3/message-format.js';

/** The encoding RETR used before: split into lines, stuff, terminate. */
const lineByLine = (raw: Buffer) => encodeMultiline(messageLines(raw));

describe('RETR wire form', () => {
  it('equals the line-by-line encoding, and the size its unstuffed octets, for any message', () => {
    const piece = fc.constantFrom('a', '.', '..', '\r\n', '\n', '\r', 'line', ' ', '.\r\n', '\r\n.\r\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const raw = Buffer.from(pieces.join(''), 'latin1');
        expect(Buffer.concat(retrChunks(raw))).toEqual(lineByLine(raw));
        expect(pop3Layout(raw).size).toBe(linesOctets(messageLines(raw)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sends a CRLF message as the stored Buffer, cut only where a line starts with a dot', () => {
    const plain = Buffer.from('Subject: a\r\n\r\nno dots here\r\n');
    const chunks = retrChunks(plain);
    expect(chunks[0]).toBe(plain);
    expect(chunks.map(String)).toEqual([plain.toString(), '.\r\n']);

    const dotted = Buffer.from('Subject: b\r\n\r\n.hidden\r\n..two\r\nend');
    const pieces = retrChunks(dotted);
    // Views of the stored octets, a stuffing dot before each dot line, CRLF after the last line.
    expect(pieces.map(String)).toEqual(['Subject: b\r\n\r\n', '.', '.hidden\r\n', '.', '..two\r\nend', '\r\n', '.\r\n']);
    for (const piece of [pieces[0]!, pieces[2]!, pieces[4]!]) expect(piece.buffer).toBe(dotted.buffer);
  });

  it('works out the layout once per stored message', () => {
    const raw = Buffer.from('Subject: c\r\n\r\nbody\n');
    const first = pop3Layout(raw);
    expect(pop3Layout(raw)).toBe(first);
    expect(pop3Size(raw)).toBe(first.size);
    // A bare LF: encoded line by line, as before.
    expect(first.dotLines).toBeUndefined();
    expect(Buffer.concat(retrChunks(raw)).toString()).toBe('Subject: c\r\n\r\nbody\r\n.\r\n');
  });
});
