import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/protocol/printable.js';
import { MASK, octetsSummary } from '../../src/protocol/transcript.js';
import { commandTraceLines, keepResponse, keptResponseLines, responseTraceLinesOf } from '../../src/imap/wire-trace.js';

/**
 * The transcript's reading of the wire, written the plain way: decode each line (UTF-8 when it
 * is, else latin1), make it printable, summarize literals. wire-trace.ts reads most lines without
 * decoding them and finds CRLF by searching for CR alone; these properties hold it to this.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
function plainText(bytes: Buffer): string {
  try {
    return printable(UTF8.decode(bytes));
  } catch {
    return printable(bytes.toString('latin1'));
  }
}

function referenceResponseLines(chunks: readonly Buffer[], read?: string[]): string[] {
  const lines: string[] = [];
  let skip = 0;
  for (const bytes of chunks) {
    if (skip >= bytes.length) {
      skip -= bytes.length;
      continue;
    }
    // The octets of the piece this reading looks at, for the keepResponse property below.
    read?.push(bytes.toString('latin1', skip));
    let pos = skip;
    while (pos < bytes.length) {
      const end = bytes.indexOf('\r\n', pos);
      const stop = end === -1 ? bytes.length : end;
      const line = plainText(bytes.subarray(pos, stop));
      if (line !== '') lines.push(line);
      const literal = /\{(\d+)\+?\}$/.exec(bytes.toString('latin1', pos, stop));
      pos = end === -1 ? bytes.length : end + 2;
      if (literal) {
        lines.push(octetsSummary(Number(literal[1])));
        pos += Number(literal[1]);
      }
    }
    skip = pos - bytes.length;
  }
  return lines;
}

/** Bytes that make lines interesting: CR and LF alone and together, controls, UTF-8, literals. */
const piece = fc.oneof(
  // U+FEFF is the UTF-8 byte order mark, which the decoder drops: a line of it alone shows as nothing.
  fc.constantFrom('\r\n', '\r', '\n', '{3}\r\n', '{0}\r\n', '{12+}\r\n', '}', ')', ' ', '\x00', '\x1b[31m', 'é', '\u00ff', '😀', '\uFEFF', '* 1 FETCH (FLAGS (\\Seen))', 'BODY[] '),
  fc.string({ maxLength: 8 }),
);
const bytesArb = fc.array(piece, { maxLength: 20 }).chain((parts) => fc.constantFrom('utf8' as const, 'latin1' as const).map((enc) => Buffer.from(parts.join(''), enc)));

describe('IMAP wire trace', () => {
  it('reads responses, whole or in pieces, as the plain reading does', () => {
    fc.assert(
      fc.property(fc.array(bytesArb, { minLength: 1, maxLength: 4 }), (chunks) => {
        expect(responseTraceLinesOf(chunks)).toEqual(referenceResponseLines(chunks));
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('reads text pieces given as latin1 strings as it reads the same octets in a Buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(bytesArb, fc.boolean()), { minLength: 1, maxLength: 4 }), (pieces) => {
        const mixed = pieces.map(([bytes, asText]) => (asText ? bytes.toString('latin1') : bytes));
        expect(responseTraceLinesOf(mixed)).toEqual(referenceResponseLines(pieces.map(([bytes]) => bytes)));
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('keeps a response to trace later: the same lines from what it kept, and their number without tracing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(bytesArb, fc.boolean()), { minLength: 1, maxLength: 4 }), (pieces) => {
        const mixed = pieces.map(([bytes, asText]) => (asText ? bytes.toString('latin1') : bytes));
        const kept: string[] = [];
        const count = keepResponse(mixed, (latin1) => kept.push(latin1));
        const lines: string[] = [];
        keptResponseLines(kept, lines);
        const read: string[] = [];
        const expected = referenceResponseLines(
          pieces.map(([bytes]) => bytes),
          read,
        );
        expect(lines).toEqual(expected);
        expect(count).toBe(expected.length);
        // It keeps exactly what the plain reading reads: no piece a literal covers entirely, and
        // of the others only what comes after the literal.
        expect(kept).toEqual(read);
      }),
      { numRuns: 3000, seed: 13 },
    );
    const body = Buffer.from('Subject: secret\r\n\r\n{5}\r\nhello\r\n');
    const kept: string[] = [];
    expect(keepResponse([`* 1 FETCH (BODY[] {${body.length}}\r\n`, body, ')\r\n'], (t) => kept.push(t))).toBe(3);
    expect(kept).toEqual([`* 1 FETCH (BODY[] {${body.length}}\r\n`, ')\r\n']);
    expect(keepResponse(['\xef\xbb\xbf\r\n\r\n'], () => {})).toBe(0);
  });

  it('finds CRLF only as the pair, not a CR or LF alone', () => {
    expect(responseTraceLinesOf([Buffer.from('a\rb\nc\r\nd')])).toEqual(['a\\x0db\\x0ac', 'd']);
    expect(responseTraceLinesOf([Buffer.from('* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\nA1 OK done\r\n')])).toEqual(['* 1 FETCH (BODY[] {5}', octetsSummary(5), ')', 'A1 OK done']);
  });

  it('shows command lines as the plain reading does, secrets masked', () => {
    fc.assert(
      fc.property(fc.array(bytesArb, { minLength: 1, maxLength: 3 }), fc.array(fc.nat({ max: 50 }), { maxLength: 3 }), (segments, sizes) => {
        const frame = { segments, literals: sizes.slice(0, segments.length).map((n) => Buffer.alloc(n)) };
        const expected = segments.flatMap((segment, i) => [plainText(segment), ...(frame.literals[i] ? [octetsSummary(frame.literals[i]!.length)] : [])]).filter((line) => line !== '');
        const first = segments[0]!.toString('latin1');
        // Lines that name LOGIN or AUTHENTICATE are masked instead (test/imap/trace-secrets.test.ts).
        fc.pre(!/LOGIN|AUTHENTICATE/i.test(first));
        expect(commandTraceLines(frame)).toEqual(expected);
      }),
      { numRuns: 2000, seed: 13 },
    );
    expect(commandTraceLines({ segments: [Buffer.from('a1 LOGIN alice secret')], literals: [] }, 'alice')).toEqual([`a1 LOGIN alice ${MASK}`]);
  });
});
