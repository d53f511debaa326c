import { describe, expect, it } from 'vitest';
import { getParsed, MAX_MIME_DEPTH, MAX_MIME_PARTS, parseMessage, type MimePart } from '../../src/mime/index.js';
import {
  ALTERNATIVE,
  bytes,
  crlf,
  DIGEST,
  FORWARDED,
  FORWARDED_INNER,
  FORWARDED_REPLY,
  LF_ONLY,
  MISSING_CLOSE,
  MIXED_NESTED,
  RFC2231,
  SIMPLE_TEXT,
} from './fixtures.js';
import { splitWithMailsplit } from './mailsplit-oracle.js';

/** Parts in the order mailsplit emits nodes: a part, its encapsulated message, then its children. */
function preorder(part: MimePart): MimePart[] {
  const nested = part.message === null ? [] : preorder(part.message);
  return [part, ...nested, ...part.children.flatMap(preorder)];
}

function outline(raw: string): string[] {
  return preorder(parseMessage(bytes(raw)).root).map((p) => `${p.partNumber} ${p.type}/${p.subtype}`);
}

describe('parseMessage offsets agree with mailsplit', () => {
  const fixtures = { SIMPLE_TEXT, ALTERNATIVE, MIXED_NESTED, FORWARDED, LF_ONLY, RFC2231, MISSING_CLOSE };
  for (const [name, text] of Object.entries(fixtures)) {
    it(name, async () => {
      const raw = bytes(text);
      const oracle = await splitWithMailsplit(raw);
      const ours = preorder(parseMessage(raw).root).map((part) => ({
        headerStart: part.headerStart,
        headerEnd: part.headerEnd,
        bodyEnd: part.type === 'multipart' || part.message !== null ? null : part.bodyEnd,
        contentType: `${part.type}/${part.subtype}`,
      }));
      expect(ours).toEqual(oracle);
      expect(oracle.length).toBeGreaterThan(0);
    });
  }
});

describe('parseMessage part tree', () => {
  it('numbers a single-part message body as part 1', () => {
    const raw = bytes(SIMPLE_TEXT);
    const { root, size } = parseMessage(raw);
    expect(size).toBe(raw.length);
    expect(root.partNumber).toBe('1');
    expect(root.headerStart).toBe(0);
    expect(root.headerEnd).toBe(SIMPLE_TEXT.indexOf('\r\n\r\n') + 4);
    expect(root.bodyEnd).toBe(raw.length);
    expect([root.size, root.lines]).toEqual([46, 2]);
    expect(root.params).toEqual([{ name: 'charset', value: 'utf-8' }]);
  });

  it('numbers nested multiparts and encapsulated messages per RFC 3501 6.4.5', () => {
    expect(outline(FORWARDED)).toEqual([
      ' multipart/mixed',
      '1 text/plain',
      '2 message/rfc822',
      '2 multipart/alternative',
      '2.1 text/plain',
      '2.2 text/html',
      '3 message/rfc822',
      '3.1 text/plain',
    ]);
    expect(outline(MIXED_NESTED)).toEqual([
      ' multipart/mixed',
      '1 multipart/alternative',
      '1.1 text/plain',
      '1.2 text/html',
      '2 application/pdf',
    ]);
  });

  it('gives an encapsulated message the whole body of its part', () => {
    const raw = bytes(FORWARDED);
    const [, forwarded, reply] = parseMessage(raw).root.children;
    expect(raw.subarray(forwarded!.headerEnd, forwarded!.bodyEnd).toString()).toBe(FORWARDED_INNER);
    expect(forwarded!.message!.headerStart).toBe(forwarded!.headerEnd);
    expect(forwarded!.message!.bodyEnd).toBe(forwarded!.bodyEnd);
    expect([forwarded!.size, forwarded!.lines]).toEqual([Buffer.byteLength(FORWARDED_INNER), 19]);
    expect([reply!.size, reply!.lines]).toEqual([58, 4]);
    expect(raw.subarray(reply!.headerEnd, reply!.bodyEnd).toString()).toBe(FORWARDED_REPLY);
    expect([reply!.message!.size, reply!.message!.lines]).toEqual([6, 1]);
  });

  it('keeps the line ending before a delimiter out of the part body', () => {
    const raw = bytes(ALTERNATIVE);
    const [plain, html] = parseMessage(raw).root.children;
    expect(raw.subarray(plain!.headerEnd, plain!.bodyEnd).toString()).toBe('Caf=C3=A9 at 10.');
    expect([plain!.size, plain!.lines]).toEqual([16, 0]);
    expect(raw.subarray(html!.headerEnd, html!.bodyEnd).toString()).toBe('<p>Caf=C3=A9 at 10.</p>\r\n');
    expect([html!.size, html!.lines]).toEqual([25, 1]);
  });

  it('handles LF-only line endings', () => {
    const raw = bytes(LF_ONLY);
    const [text, binary] = parseMessage(raw).root.children;
    expect(raw.subarray(text!.headerEnd, text!.bodyEnd).toString()).toBe('one\ntwo\n');
    expect([text!.size, text!.lines]).toEqual([8, 2]);
    expect(raw.subarray(binary!.headerEnd, binary!.bodyEnd).toString()).toBe('AAEC');
  });

  it('tolerates a missing close delimiter: the last part runs to the end', () => {
    const raw = bytes(MISSING_CLOSE);
    const { root } = parseMessage(raw);
    const [first, second] = root.children;
    expect(root.children).toHaveLength(2);
    expect([first!.size, first!.lines]).toEqual([5, 0]);
    expect([second!.size, second!.lines, second!.bodyEnd]).toEqual([22, 1, raw.length]);
  });

  it('defaults body parts of multipart/digest to message/rfc822', () => {
    expect(outline(DIGEST)).toEqual([' multipart/digest', '1 message/rfc822', '1.1 text/plain', '2 text/plain']);
    const first = parseMessage(bytes(DIGEST)).root.children[0]!;
    expect([first.size, first.lines]).toEqual([43, 3]);
    expect(first.headerEnd - first.headerStart).toBe(2); // only the blank line
  });

  it('parses message/global like message/rfc822', () => {
    const raw = crlf('Content-Type: message/global', '', 'Subject: inner', '', 'hi');
    expect(outline(raw)).toEqual(['1 message/global', '1.1 text/plain']);
  });

  it('reads RFC 2231 parameters with the spelling the header used', () => {
    const part = parseMessage(bytes(RFC2231)).root.children[0]!;
    expect(part.params).toEqual([
      { name: 'charset', value: 'iso-8859-1' },
      { name: 'Name', value: 'café.txt' },
    ]);
    expect(part.disposition).toEqual({ type: 'attachment', params: [{ name: 'filename', value: '€ rates.txt' }] });
    expect(part.language).toEqual(['fr']);
    expect(part.encoding).toBe('quoted-printable');
  });
});

describe('parseMessage headers', () => {
  it('keeps fields in order, unfolded, with case-insensitive lookup', () => {
    const { root } = parseMessage(bytes(ALTERNATIVE));
    expect(root.headers.fields.map((f) => f.name)).toEqual([
      'From',
      'To',
      'Cc',
      'Subject',
      'Date',
      'Message-ID',
      'In-Reply-To',
      'MIME-Version',
      'Content-Type',
    ]);
    expect(root.headers.get('SUBJECT')).toBe('=?utf-8?B?w4lxdWlwZQ==?= weekly notes');
    expect(root.headers.get('message-id')).toBe('<notes-2@example.com>');
    expect(root.headers.get('x-missing')).toBeUndefined();
    const subject = root.headers.fields[3]!;
    expect(ALTERNATIVE.slice(subject.start, subject.end)).toBe('Subject: =?utf-8?B?w4lxdWlwZQ==?=\r\n weekly notes\r\n');
  });

  it('keeps a line without a colon in the header as a nameless field', () => {
    const raw = crlf('Subject: a', 'this is not a header', 'To: b@example.com', '', 'body');
    const { root } = parseMessage(bytes(raw));
    expect(root.headers.fields.map((f) => [f.name, f.value])).toEqual([
      ['Subject', 'a'],
      ['', 'this is not a header'],
      ['To', 'b@example.com'],
    ]);
    expect(root.headers.getAll('to')).toEqual(['b@example.com']);
    expect(raw.slice(root.headerEnd)).toBe('body');
  });

  it('uses the first Content-Type when there are two', () => {
    const raw = crlf('Content-Type: text/html', 'Content-Type: image/png', '', '<p>');
    expect(outline(raw)).toEqual(['1 text/html']);
  });

  it('treats a message without a blank line as all header', () => {
    for (const raw of ['Subject: only headers', 'Subject: only headers\r\nFrom: a@b\r\n']) {
      const { root } = parseMessage(bytes(raw));
      expect([root.headerStart, root.headerEnd, root.bodyEnd, root.size]).toEqual([0, raw.length, raw.length, 0]);
    }
  });

  it('parses an empty message as an empty text/plain part 1', () => {
    const { root } = parseMessage(Buffer.alloc(0));
    expect([root.partNumber, root.type, root.subtype, root.headerEnd, root.bodyEnd]).toEqual(['1', 'text', 'plain', 0, 0]);
    expect(root.params).toEqual([{ name: 'CHARSET', value: 'US-ASCII' }]);
  });
});

describe('parseMessage boundaries', () => {
  const mp = (boundary: string, ...lines: string[]) =>
    crlf(`Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...lines);

  it('accepts trailing whitespace after a delimiter', () => {
    const raw = mp('b', '--b  ', '', 'one', '--b\t', '', 'two', '--b-- ', '');
    const { root } = parseMessage(bytes(raw));
    expect(root.children.map((c) => raw.slice(c.headerEnd, c.bodyEnd))).toEqual(['one', 'two']);
  });

  it('ends a part whose header runs into the next delimiter, without a body', () => {
    const raw = mp('b', '--b', 'Content-Type: text/html', '--b', '', 'two', '--b--');
    const { root } = parseMessage(bytes(raw));
    const first = root.children[0]!;
    expect(raw.slice(first.headerStart, first.headerEnd)).toBe('Content-Type: text/html');
    expect([first.bodyEnd, first.type, first.subtype]).toEqual([first.headerEnd, 'text', 'html']);
    expect(raw.slice(root.children[1]!.headerEnd, root.children[1]!.bodyEnd)).toBe('two');
  });

  it('gives a message/rfc822 or multipart part cut off by a delimiter an empty body', () => {
    const raw = mp('b', '--b', 'Content-Type: message/rfc822', '--b', 'Content-Type: multipart/mixed; boundary=c', '--b--');
    const { root } = parseMessage(bytes(raw));
    const [message, multipart] = root.children;
    expect(message!.message).toMatchObject({ partNumber: '1.1', type: 'text', size: 0, headerStart: message!.bodyEnd });
    expect([message!.size, multipart!.type, multipart!.subtype, multipart!.size]).toEqual([0, 'text', 'plain', 0]);
  });

  it('lets an outer delimiter end an inner multipart that is never closed', () => {
    const raw = mp(
      'outer',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      '',
      'inner one',
      '--outer',
      '',
      'outer two',
      '--outer--',
    );
    expect(outline(raw)).toEqual([' multipart/mixed', '1 multipart/alternative', '1.1 text/plain', '2 text/plain']);
    const [inner, second] = parseMessage(bytes(raw)).root.children;
    expect(raw.slice(inner!.children[0]!.headerEnd, inner!.children[0]!.bodyEnd)).toBe('inner one');
    expect(inner!.bodyEnd).toBe(raw.indexOf('\r\n--outer\r\n\r\nouter two'));
    expect(raw.slice(second!.headerEnd, second!.bodyEnd)).toBe('outer two');
  });

  it('prefers the longest boundary when one is a prefix of another', () => {
    const raw = mp(
      'ab',
      '--ab',
      'Content-Type: multipart/alternative; boundary=abc',
      '',
      '--abc',
      '',
      'deep',
      '--abc--',
      '--ab--',
    );
    expect(outline(raw)).toEqual([' multipart/mixed', '1 multipart/alternative', '1.1 text/plain']);
    // The inner boundary "ab" is a prefix of the outer "abc": "--abc" still belongs to the outer.
    const shorterInner = mp(
      'abc',
      '--abc',
      'Content-Type: multipart/alternative; boundary=ab',
      '',
      '--ab',
      '',
      'deep',
      '--abc',
      '',
      'outer two',
      '--abc--',
    );
    expect(outline(shorterInner)).toEqual([' multipart/mixed', '1 multipart/alternative', '1.1 text/plain', '2 text/plain']);
  });

  it('treats a multipart without a usable boundary as one text/plain part', () => {
    for (const contentType of ['multipart/mixed', 'multipart/mixed; boundary=""', 'multipart/mixed; boundary=never']) {
      const raw = crlf(`Content-Type: ${contentType}`, '', '--other', 'text');
      const { root } = parseMessage(bytes(raw));
      expect([root.partNumber, root.type, root.subtype, root.children.length]).toEqual(['1', 'text', 'plain', 0]);
      expect(raw.slice(root.headerEnd, root.bodyEnd)).toBe('--other\r\ntext');
    }
  });

  it('matches delimiters by prefix (RFC 2046 5.1.1) and ignores them in the epilogue', () => {
    const raw = mp('b', 'preamble', '--bx', '', 'one', '--b--', '--b', 'epilogue');
    const { root } = parseMessage(bytes(raw));
    expect(root.children.map((c) => raw.slice(c.headerEnd, c.bodyEnd))).toEqual(['one']);
    expect(root.bodyEnd).toBe(raw.length);
  });

  it(`stops descending at MAX_MIME_DEPTH (${MAX_MIME_DEPTH})`, () => {
    const levels = MAX_MIME_DEPTH + 6;
    const lines: string[] = [];
    for (let i = 0; i < levels; i++) lines.push(`Content-Type: multipart/mixed; boundary=b${i}`, '', `--b${i}`);
    lines.push('', 'leaf');
    const { root } = parseMessage(bytes(crlf(...lines)));
    let depth = 0;
    let part = root;
    while (part.children[0] !== undefined) {
      part = part.children[0];
      depth++;
    }
    expect(depth).toBe(MAX_MIME_DEPTH);
    expect(`${part.type}/${part.subtype}`).toBe('application/octet-stream');
    expect(part.partNumber).toBe(Array(MAX_MIME_DEPTH).fill('1').join('.'));
  });

  it(`builds at most MAX_MIME_PARTS (${MAX_MIME_PARTS}) entities`, () => {
    const delimiters = Array.from({ length: MAX_MIME_PARTS + 10 }, () => '--b');
    const raw = bytes(mp('b', ...delimiters, '--b--', ''));
    const { root } = parseMessage(raw);
    expect(root.children).toHaveLength(MAX_MIME_PARTS - 1);
    expect(root.bodyEnd).toBe(raw.length);
  });
});

describe('getParsed', () => {
  it('parses each Buffer once', () => {
    const raw = bytes(SIMPLE_TEXT);
    const first = getParsed(raw);
    expect(getParsed(raw)).toBe(first);
    expect(getParsed(Buffer.from(raw))).not.toBe(first);
    expect(getParsed(Buffer.from(raw))).toEqual(first);
  });
});
