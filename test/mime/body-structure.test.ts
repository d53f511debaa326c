import { describe, expect, it } from 'vitest';
import { bodyStructure, parseMessage, type ImapData } from '../../src/mime/index.js';
import {
  ALTERNATIVE,
  bytes,
  crlf,
  DIGEST,
  FORWARDED,
  LF_ONLY,
  MISSING_CLOSE,
  MIXED_NESTED,
  RFC2231,
  SIMPLE_TEXT,
} from './fixtures.js';

const structure = (text: string, extended: boolean) => bodyStructure(parseMessage(bytes(text)), extended);

/** Serialises ImapData as the IMAP writer would (quoted strings only), to compare with RFC examples. */
function wire(data: ImapData): string {
  if (data === null) return 'NIL';
  if (typeof data === 'number') return String(data);
  if (typeof data === 'string') return `"${data.replace(/["\\]/g, '\\$&')}"`;
  if (Buffer.isBuffer(data)) return `{${data.length}}`;
  if (!Array.isArray(data)) return data.adjacent.map(wire).join('');
  return `(${data.map(wire).join(' ')})`;
}

/** The parts of a multipart: 1*body, written with no SP between them. */
const parts = (...bodies: ImapData[]): ImapData => ({ adjacent: bodies });
/** An ENVELOPE address list: "(" 1*address ")". */
const addresses = (...list: ImapData[]): ImapData => [{ adjacent: list }];

const ASCII = ['charset', 'us-ascii'];
const DEFAULT_ASCII = ['CHARSET', 'US-ASCII'];
const NO_EXT = [null, null, null, null];

describe('bodyStructure of a single part', () => {
  it('adds lines for text and the four extension fields for BODYSTRUCTURE', () => {
    expect(structure(SIMPLE_TEXT, false)).toEqual(['TEXT', 'PLAIN', ['charset', 'utf-8'], null, null, '7BIT', 46, 2]);
    expect(structure(SIMPLE_TEXT, true)).toEqual([
      'TEXT',
      'PLAIN',
      ['charset', 'utf-8'],
      null,
      null,
      '7BIT',
      46,
      2,
      ...NO_EXT,
    ]);
  });

  it('reports every body field a header can set', () => {
    const raw = crlf(
      'Content-Type: image/PNG; name=dot.png',
      'Content-ID: <dot@example.com>',
      'Content-Description: A dot',
      'Content-Transfer-Encoding: Base64',
      'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
      'Content-Disposition: inline; filename=dot.png; size=4',
      'Content-Language: en, fi',
      'Content-Location: http://example.com/dot.png',
      '',
      'iVBO',
    );
    expect(wire(structure(raw, true))).toBe(
      '("IMAGE" "PNG" ("name" "dot.png") "<dot@example.com>" "A dot" "BASE64" 4 ' +
        '"Q2hlY2sgSW50ZWdyaXR5IQ==" ("INLINE" ("filename" "dot.png" "size" "4")) ("en" "fi") "http://example.com/dot.png")',
    );
    expect(wire(structure(raw, false))).toBe('("IMAGE" "PNG" ("name" "dot.png") "<dot@example.com>" "A dot" "BASE64" 4)');
  });

  it('defaults to TEXT/PLAIN US-ASCII 7BIT, also for an invalid Content-Type', () => {
    for (const header of ['X-Nothing: here', 'Content-Type: garbage', 'Content-Type: text/']) {
      expect(structure(crlf(header, '', 'hi', ''), false)).toEqual(['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 4, 1]);
    }
  });
});

describe('bodyStructure of multiparts', () => {
  it('multipart/alternative', () => {
    expect(structure(ALTERNATIVE, true)).toEqual([
      parts(
          ['TEXT', 'PLAIN', ['charset', 'utf-8'], null, null, 'QUOTED-PRINTABLE', 16, 0, ...NO_EXT],
          ['TEXT', 'HTML', ['charset', 'utf-8'], null, null, 'QUOTED-PRINTABLE', 25, 1, ...NO_EXT],
      ),
      'ALTERNATIVE',
      ['boundary', 'alt-1'],
      null,
      null,
      null,
    ]);
  });

  it('multipart/mixed with a nested multipart and an attachment', () => {
    const alternative = [parts(['TEXT', 'PLAIN', ASCII, null, null, '7BIT', 26, 1], ['TEXT', 'HTML', ASCII, null, null, '7BIT', 33, 1]), 'ALTERNATIVE'];
    const pdf = ['APPLICATION', 'PDF', ['name', 'report.pdf'], '<part3@example.net>', 'Quarterly report', 'BASE64', 20];
    expect(structure(MIXED_NESTED, false)).toEqual([parts(alternative, pdf), 'MIXED']);
    expect(wire(structure(MIXED_NESTED, true))).toBe(
      '((("TEXT" "PLAIN" ("charset" "us-ascii") NIL NIL "7BIT" 26 1 NIL NIL NIL NIL)' +
        '("TEXT" "HTML" ("charset" "us-ascii") NIL NIL "7BIT" 33 1 NIL NIL NIL NIL)' +
        ' "ALTERNATIVE" ("boundary" "mix-inner") NIL NIL NIL)' +
        '("APPLICATION" "PDF" ("name" "report.pdf") "<part3@example.net>" "Quarterly report" "BASE64" 20' +
        ' NIL ("ATTACHMENT" ("filename" "report.pdf")) NIL NIL)' +
        ' "MIXED" ("boundary" "mix-outer") NIL NIL NIL)',
    );
  });

  it('message/rfc822 parts carry envelope, body and lines of the encapsulated message', () => {
    const alice = addresses(['Alice Example', null, 'alice', 'example.com']);
    const bob = addresses(['Bob', null, 'bob', 'example.org']);
    // 413 = octets of FORWARDED_INNER (375 characters on 20 lines joined by 19 CRLFs).
    expect(structure(FORWARDED, false)).toEqual([
      parts(
        ['TEXT', 'PLAIN', ASCII, null, null, '7BIT', 18, 1],
        [
          'MESSAGE',
          'RFC822',
          null,
          null,
          null,
          '7BIT',
          413,
          ['Mon, 4 Mar 2024 09:00:00 +0000', 'Lunch?', alice, alice, alice, bob, null, null, null, '<lunch-1@example.com>'],
          [parts(['TEXT', 'PLAIN', ASCII, null, null, '7BIT', 16, 1], ['TEXT', 'HTML', ASCII, null, null, '7BIT', 23, 1]), 'ALTERNATIVE'],
          19,
        ],
        [
          'MESSAGE',
          'RFC822',
          null,
          null,
          null,
          '7BIT',
          58,
          [null, 'Re: Lunch?', bob, bob, bob, null, null, null, null, null],
          ['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 6, 1],
          4,
        ],
      ),
      'MIXED',
    ]);
    const extended = structure(FORWARDED, true);
    const reply = (extended[0] as { adjacent: ImapData[] }).adjacent[2] as ImapData[];
    expect(reply.slice(10)).toEqual([null, ['INLINE', null], null, null]);
    expect(reply[8]).toEqual(['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 6, 1, ...NO_EXT]);
  });

  it('LF-only message: sizes are the stored octets', () => {
    expect(structure(LF_ONLY, true)).toEqual([
      parts(['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 8, 2, ...NO_EXT], ['APPLICATION', 'OCTET-STREAM', null, null, null, 'BASE64', 4, ...NO_EXT]),
      'MIXED',
      ['boundary', 'lf'],
      null,
      null,
      null,
    ]);
  });

  it('RFC 2231 parameters are joined and decoded to UTF-8', () => {
    expect(structure(RFC2231, true)).toEqual([
      parts([
        'TEXT',
        'PLAIN',
        ['charset', 'iso-8859-1', 'Name', 'café.txt'],
        null,
        null,
        'QUOTED-PRINTABLE',
        6,
        0,
        null,
        ['ATTACHMENT', ['filename', '€ rates.txt']],
        ['fr'],
        null,
      ]),
      'MIXED',
      ['boundary', 'p2231'],
      null,
      null,
      null,
    ]);
  });

  it('missing close delimiter and multipart/digest', () => {
    expect(structure(MISSING_CLOSE, false)).toEqual([
      parts(['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 5, 0], ['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 22, 1]),
      'MIXED',
    ]);
    const a = addresses([null, null, 'a', 'example.com']);
    expect(structure(DIGEST, false)).toEqual([
      parts(
        [
          'MESSAGE',
          'RFC822',
          null,
          null,
          null,
          '7BIT',
          43,
          [null, 'one', a, a, a, null, null, null, null, null],
          ['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 6, 0],
          3,
        ],
        ['TEXT', 'PLAIN', DEFAULT_ASCII, null, null, '7BIT', 14, 0],
      ),
      'DIGEST',
    ]);
  });

  it('matches the shape of the RFC 3501 7.4.2 example', () => {
    const raw = crlf(
      'Content-Type: multipart/mixed; boundary=x',
      '',
      '--x',
      'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
      '',
      'a',
      '--x',
      'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff',
      'Content-ID: <960723163407.20117h@cac.washington.edu>',
      'Content-Description: Compiler diff',
      'Content-Transfer-Encoding: BASE64',
      '',
      'YQ==',
      '--x--',
    );
    expect(wire(structure(raw, false))).toBe(
      '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1 0)("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff")' +
        ' "<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4 0) "MIXED")',
    );
  });
});
