import { describe, expect, it } from 'vitest';
import {
  bodyStructure,
  envelope,
  getSection,
  MAX_CONTENT_FIELD_CHARS,
  MAX_HEADER_FIELDS,
  parseMessage,
  textForSearch,
  type ImapData,
  type MimePart,
  type SectionSpec,
} from '../../src/mime/index.js';
import { serializeValue, type ImapValue } from '../../src/imap/syntax/index.js';
import { parseStrictBody, parseStrictEnvelope } from '../imap/syntax/rfc3501-strict.js';
import { crlf } from './fixtures.js';

/** mulberry32: a tiny seeded PRNG, so every run feeds the parser the same "random" messages. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that steer random input into MIME-shaped trouble: delimiters, containers, folding, 8-bit. */
const TOKENS = [
  '\r\n',
  '\n',
  '\r',
  '\r\n\r\n',
  '--',
  '--b',
  '--b--',
  '--bb',
  '--c',
  '--c--',
  'Content-Type: multipart/mixed; boundary=b',
  'Content-Type: multipart/alternative; boundary="c"',
  'Content-Type: multipart/digest; boundary=bb',
  'Content-Type: message/rfc822',
  'Content-Type: text/plain; charset=utf-8',
  "Content-Type: text/plain; name*0*=utf-8''%E2%82; name*1*=%AC",
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Disposition: attachment; filename="a',
  'Subject: =?utf-8?B?w4k=?=',
  'From: "a, b" <c@d>, g: h@i;',
  'To: ,,,<>',
  ': ',
  ' ',
  '\t',
  '"',
  ';',
  '=',
  '=C3=A9',
  '=\r\n',
  '\u0000',
  '\u00ff\u00fe',
];

function randomMessage(random: () => number): Buffer {
  const pieces: Buffer[] = [];
  const count = Math.floor(random() * 160);
  for (let i = 0; i < count; i++) {
    if (random() < 0.8) {
      pieces.push(Buffer.from(TOKENS[Math.floor(random() * TOKENS.length)] ?? '', 'latin1'));
    } else {
      const soup = Buffer.alloc(1 + Math.floor(random() * 24));
      for (let j = 0; j < soup.length; j++) soup[j] = Math.floor(random() * 256);
      pieces.push(soup);
    }
  }
  return Buffer.concat(pieces);
}

function allParts(part: MimePart): MimePart[] {
  return [part, ...(part.message === null ? [] : allParts(part.message)), ...part.children.flatMap(allParts)];
}

/** Asserts the offset invariants of a part and everything below it, within [low, high]. */
function checkPart(part: MimePart, raw: Buffer, low: number, high: number): void {
  const { headerStart, headerEnd, bodyEnd } = part;
  expect(low <= headerStart && headerStart <= headerEnd && headerEnd <= bodyEnd && bodyEnd <= high).toBe(true);
  expect(part.size).toBe(bodyEnd - headerEnd);
  expect(part.lines >= 0 && part.lines <= part.size).toBe(true);
  expect(part.partNumber).toMatch(/^(\d+(\.\d+)*)?$/);
  // Fields tile the header block; only the blank line (at most CRLF) may follow them.
  let at = headerStart;
  let tiled = true;
  for (const field of part.headers.fields) {
    tiled &&= field.start === at && field.end > field.start;
    at = field.end;
  }
  expect(tiled && headerEnd - at >= 0 && headerEnd - at <= 2).toBe(true);
  expect(part.children.length > 0).toBe(part.type === 'multipart');
  let previousEnd = headerEnd;
  for (const child of part.children) {
    checkPart(child, raw, previousEnd, bodyEnd);
    previousEnd = child.bodyEnd;
  }
  if (part.message !== null) {
    expect([part.message.headerStart, part.message.bodyEnd]).toEqual([headerEnd, bodyEnd]);
    checkPart(part.message, raw, headerEnd, bodyEnd);
  }
}

/** Asserts that BODY/BODYSTRUCTURE data follows the RFC 3501 body grammar. */
function checkBody(data: ImapData, extended: boolean): void {
  expect(Array.isArray(data)).toBe(true);
  const list = data as ImapData[];
  const first = list[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first) && !Buffer.isBuffer(first)) {
    // A multipart: its parts (1*body, at least one), then the subtype.
    expect(first.adjacent.length).toBeGreaterThan(0);
    for (const part of first.adjacent) checkBody(part, extended);
    expect(typeof list[1]).toBe('string');
    expect(list.length).toBe(2 + (extended ? 4 : 0));
    return;
  }
  const [type, subtype, params, , , encoding, size] = list;
  expect([typeof type, typeof subtype, typeof encoding, typeof size]).toEqual(['string', 'string', 'string', 'number']);
  expect(params === null || (Array.isArray(params) && params.length % 2 === 0 && params.length > 0)).toBe(true);
  let length = 7;
  if (type === 'TEXT') length += 1;
  if (type === 'MESSAGE' && (subtype === 'RFC822' || subtype === 'GLOBAL')) {
    expect((list[7] as ImapData[]).length).toBe(10);
    checkBody(list[8] ?? null, extended);
    length += 3;
  }
  expect(list.length).toBe(length + (extended ? 4 : 0));
}

/** Runs everything FETCH and SEARCH would run on a message; none of it may throw. */
function exercise(raw: Buffer): void {
  const parsed = parseMessage(raw);
  expect(parsed.size).toBe(raw.length);
  checkPart(parsed.root, raw, 0, raw.length);
  expect(parsed.root.headerStart).toBe(0);
  expect(parsed.root.bodyEnd).toBe(raw.length);
  expect(envelope(parsed)).toHaveLength(10);
  checkBody(bodyStructure(parsed, false), false);
  checkBody(bodyStructure(parsed, true), true);
  // On the wire, whatever the input, the items follow the RFC 3501 grammar to the letter.
  parseStrictBody(serializeValue(bodyStructure(parsed, false) as ImapValue));
  parseStrictBody(serializeValue(bodyStructure(parsed, true) as ImapValue));
  parseStrictEnvelope(serializeValue(envelope(parsed) as ImapValue));
  textForSearch(parsed, raw);
  const texts: (SectionSpec['text'] | undefined)[] = [undefined, 'HEADER', 'TEXT', 'MIME', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT'];
  for (const part of allParts(parsed.root)) {
    const path = part.partNumber === '' ? [] : part.partNumber.split('.').map(Number);
    expect(getSection(parsed, raw, { part: path })).not.toBeNull();
    for (const text of texts) getSection(parsed, raw, { part: path, text, fields: ['subject', 'content-type'] });
  }
}

describe('robustness', () => {
  it('survives hand-made malformed messages', () => {
    const nest = (depth: number, open: (i: number) => string[]) =>
      Buffer.from(crlf(...Array.from({ length: depth }, (_, i) => open(i)).flat(), 'leaf'));
    const inputs: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('\r\n'),
      Buffer.from('\n\n\n'),
      Buffer.from(':'),
      Buffer.from([0, 0, 0, 0x0a, 0, 0x3a, 0]),
      Buffer.from([0xff, 0xfe, 0x3a, 0x20, 0xc3, 0x28, 0x0d, 0x0a, 0x0d, 0x0a, 0x80]),
      Buffer.from(crlf(' leading continuation', 'no colon here', 'X: y', '', 'body')),
      Buffer.alloc(3 * 1024 * 1024, 'a'),
      Buffer.alloc(1024 * 1024, '\n'),
      Buffer.alloc(1024 * 1024, '-'),
      nest(200, (i) => [`Content-Type: multipart/mixed; boundary=b${i}`, '', `--b${i}`]),
      nest(200, () => ['Content-Type: message/rfc822', '']),
      nest(200, () => ['Content-Type: multipart/mixed; boundary=same', '', '--same']),
      Buffer.from(crlf('Content-Type: multipart/mixed; boundary="abc', '', '--abc', '', 'x')),
      Buffer.from(crlf("Content-Type: multipart/mixed; boundary*0*=bogus'", '', '--x')),
      Buffer.from(crlf('Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: message/rfc822', '--b--')),
      Buffer.from(crlf('Content-Type: multipart/mixed; boundary=b', '', '--b--', '--b', '', 'after close')),
      Buffer.from('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b'),
      Buffer.from('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!@@@==='),
      Buffer.from('Content-Type: text/plain; charset="\r\n\r\n=Z=\r'),
    ];
    for (const raw of inputs) exercise(raw);
  });

  it('survives seeded random byte soups', () => {
    const random = seededRandom(0x6d696d65);
    for (let i = 0; i < 400; i++) exercise(randomMessage(random));
  });

  it(`caps indexed header fields at MAX_HEADER_FIELDS (${MAX_HEADER_FIELDS}) without losing lines`, () => {
    const lines = Array.from({ length: MAX_HEADER_FIELDS + 500 }, (_, i) => `X-Line-${i}: ${i}`);
    const raw = Buffer.from(crlf(...lines, '', 'body'));
    const parsed = parseMessage(raw);
    expect(parsed.root.headers.fields).toHaveLength(MAX_HEADER_FIELDS);
    expect(parsed.root.headers.get('x-line-0')).toBe('0');
    const header = getSection(parsed, raw, { part: [], text: 'HEADER' });
    // Compared as latin1 text (one char per byte, so exact): toEqual walks a 200 KB Buffer element by element (~0.5 s).
    expect(getSection(parsed, raw, { part: [], text: 'HEADER.FIELDS.NOT', fields: [] })?.toString('latin1')).toBe(header?.toString('latin1'));
    exercise(raw);
  });

  it(`reads only the first MAX_CONTENT_FIELD_CHARS (${MAX_CONTENT_FIELD_CHARS}) of a Content-* field`, () => {
    const padding = 'x'.repeat(MAX_CONTENT_FIELD_CHARS);
    const raw = Buffer.from(crlf(`Content-Type: text/html; pad=${padding}; charset=utf-8`, '', '<p>'));
    const { root } = parseMessage(raw);
    expect([root.type, root.subtype]).toEqual(['text', 'html']);
    expect(root.params.map((p) => p.name)).toEqual(['pad', 'CHARSET']);
    expect(root.params[0]!.value.length).toBe(MAX_CONTENT_FIELD_CHARS - 'text/html; pad='.length);
  });

  it('parses a 10 MB message with a large attachment', () => {
    const base64Line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
    const lineCount = Math.ceil((10 * 1024 * 1024) / base64Line.length);
    const attachment = base64Line.repeat(lineCount);
    const raw = Buffer.from(
      crlf(
        'Content-Type: multipart/mixed; boundary=big',
        '',
        '--big',
        'Content-Type: text/plain',
        '',
        'see attachment',
        '--big',
        'Content-Type: application/octet-stream',
        'Content-Transfer-Encoding: base64',
        '',
        attachment + '--big--',
        '',
      ),
    );
    const { root } = parseMessage(raw);
    expect(root.children.map((c) => [c.partNumber, c.type, c.size])).toEqual([
      ['1', 'text', 14],
      ['2', 'application', attachment.length - 2],
    ]);
    expect(root.children[1]!.lines).toBe(lineCount - 1);
  });
});
