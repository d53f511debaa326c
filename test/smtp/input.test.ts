/**
 * The SMTP server's framing, fed bytes directly: command lines, DATA's dot-stuffed text and BDAT's
 * counted octets, split at every possible place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crlfMessage, smtpData } from '../../src/smtp/client/data.js';
import { bodyBytes, emptyBody, SmtpInput } from '../../src/smtp/input.js';
import { cut } from '../helpers/cut.js';

/** Messages made of the octets that matter to framing: CR, LF, dot, and a little text. */
const rawMessage = fc.array(fc.constantFrom(0x0d, 0x0a, 0x2e, 0x61, 0x62, 0xff), { maxLength: 60 }).map((bytes) => Buffer.from(bytes));

/** Feeds pieces, reading after each until `read` says it is done; the pieces after that are pushed unread. */
function feed(input: SmtpInput, pieces: Buffer[], read: () => boolean): boolean {
  let done = false;
  for (const piece of pieces) {
    input.push(piece);
    if (!done) done = read();
  }
  return done;
}

describe('SmtpInput DATA', () => {
  it('stores what crlfMessage says, however the dot-stuffed data is cut, and leaves what follows it', () => {
    fc.assert(
      fc.property(rawMessage, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (raw, cuts) => {
        const input = new SmtpInput(1000);
        const body = emptyBody();
        input.startData();
        const wire = Buffer.concat([smtpData(raw), Buffer.from('QUIT\r\n')]);
        expect(feed(input, cut(wire, cuts), () => input.data(body, 1_000_000))).toBe(true);
        expect(bodyBytes(body).equals(crlfMessage(raw))).toBe(true);
        expect(body.octets).toBe(crlfMessage(raw).length);
        expect(input.line()).toEqual({ kind: 'line', bytes: Buffer.from('QUIT') });
      }),
      { numRuns: 3000 },
    );
  });

  it('ends only at CRLF "." CRLF: a dot line after a bare LF, or one ended by a bare LF, is text (no SMTP smuggling)', () => {
    for (const smuggled of ['a\n.\nMAIL FROM:<x@y>\r\n', 'a\r\n.\nRCPT TO:<x@y>\r\n', 'a\n.\r\nDATA\r\n', 'a\r.\r\nRSET\r\n']) {
      const input = new SmtpInput(1000);
      const body = emptyBody();
      input.startData();
      input.push(Buffer.from(`${smuggled}\r\n.\r\n`));
      expect(input.data(body, 1000)).toBe(true);
      const stored = bodyBytes(body).toString('latin1');
      // Everything up to the real end is the message, its dots where they were (they did not
      // start a line after CRLF, so they were no stuffing either, except after a CRLF).
      expect(stored.startsWith('a')).toBe(true);
      expect(stored.endsWith('\r\n\r\n')).toBe(true);
      expect(input.buffered).toBe(0);
    }
  });

  it('counts a body past its limit but keeps none of it, and still finds its end', () => {
    const input = new SmtpInput(1000);
    const body = emptyBody();
    input.startData();
    input.push(Buffer.from(`${'x'.repeat(50)}\r\n`));
    expect(input.data(body, 40)).toBe(false);
    input.push(Buffer.from(`more\r\n.\r\nNOOP\r\n`));
    expect(input.data(body, 40)).toBe(true);
    expect(body).toMatchObject({ chunks: [], used: 0, octets: 58, tooBig: true });
    expect(body.block).toBeUndefined();
    expect(input.line()).toEqual({ kind: 'line', bytes: Buffer.from('NOOP') });
  });

  it('keeps a body sent one octet at a time in a few blocks, not a Buffer per octet', () => {
    const input = new SmtpInput(1000);
    const body = emptyBody();
    input.startData();
    const text = Buffer.from('0123456789abcdef\r\n'.repeat(10_000));
    for (const octet of text) {
      input.push(Buffer.from([octet]));
      input.data(body, 1_000_000);
    }
    input.push(Buffer.from('.\r\n'));
    expect(input.data(body, 1_000_000)).toBe(true);
    expect(bodyBytes(body).equals(text)).toBe(true);
    // 180,000 octets: blocks of 4, 8, 16, 32, 64 and 128 KiB, whatever the reads were.
    expect(body.chunks.length + 1).toBeLessThanOrEqual(6);
  });

  it('holds back only the octets it cannot judge yet: a CR last, or a dot at a line start', () => {
    const input = new SmtpInput(1000);
    const body = emptyBody();
    input.startData();
    input.push(Buffer.from('ab\r'));
    expect(input.data(body, 1000)).toBe(false);
    expect(input.buffered).toBe(1);
    input.push(Buffer.from('\n.'));
    expect(input.data(body, 1000)).toBe(false);
    expect(input.buffered).toBe(1);
    input.push(Buffer.from('\r'));
    expect(input.data(body, 1000)).toBe(false);
    expect(input.buffered).toBe(2);
    input.push(Buffer.from('\n'));
    expect(input.data(body, 1000)).toBe(true);
    expect(bodyBytes(body).toString()).toBe('ab\r\n');
  });
});

describe('SmtpInput lines and BDAT octets', () => {
  it('frames lines cut anywhere, CRLF or bare LF, and replaces an over-long one by its length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\r'), maxLength: 30 }), fc.boolean()), { minLength: 1, maxLength: 10 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (lines, cuts) => {
          const max = 16;
          const wire = Buffer.from(lines.map(([text, crlf]) => text + (crlf ? '\r\n' : '\n')).join(''), 'latin1');
          const input = new SmtpInput(max);
          const got: unknown[] = [];
          for (const piece of cut(wire, cuts)) {
            input.push(piece);
            for (let line = input.line(); line; line = input.line()) got.push(line.kind === 'line' ? line.bytes.toString('latin1') : { overflow: line.octets });
            // Never more than a line's bound is held while its end is awaited.
            expect(input.buffered).toBeLessThan(max);
          }
          const expected = lines.map(([text, crlf]) => {
            const octets = text.length + (crlf ? 2 : 1);
            if (octets > max) return { overflow: octets };
            // A CR before a bare LF is the CRLF's CR.
            return !crlf && text.endsWith('\r') ? text.slice(0, -1) : text;
          });
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes exactly the octets a BDAT chunk declares, and the next command after them', () => {
    const input = new SmtpInput(1000);
    const body = emptyBody();
    input.push(Buffer.from('hel'));
    expect(input.octets(7, body, 100)).toBe(3);
    input.push(Buffer.from('lo\r\n.\r\nNOOP\r\n'));
    expect(input.octets(4, body, 100)).toBe(4);
    expect(bodyBytes(body).toString()).toBe('hello\r\n');
    expect(input.line()).toEqual({ kind: 'line', bytes: Buffer.from('.') });
    // Skipped, not kept, for a refused chunk.
    expect(input.octets(6, undefined, 100)).toBe(6);
    expect(input.buffered).toBe(0);
  });
});
