import { describe, expect, it } from 'vitest';
import { getSection, parseMessage, partial, type SectionSpec } from '../../src/mime/index.js';
import {
  ALTERNATIVE,
  bytes,
  crlf,
  FORWARDED,
  FORWARDED_INNER,
  LF_ONLY,
  MIXED_NESTED,
  SIMPLE_TEXT,
} from './fixtures.js';

/** BODY[spec] as a string, or null. */
function section(text: string, spec: SectionSpec): string | null {
  const raw = bytes(text);
  return getSection(parseMessage(raw), raw, spec)?.toString('utf8') ?? null;
}

const SIMPLE_HEADER = SIMPLE_TEXT.slice(0, SIMPLE_TEXT.indexOf('\r\n\r\n') + 4);
const SIMPLE_BODY = 'Are we still on for lunch?\r\nSee you at noon.\r\n';

describe('getSection on the whole message', () => {
  it('BODY[], BODY[HEADER] (with the blank line) and BODY[TEXT]', () => {
    expect(section(SIMPLE_TEXT, { part: [] })).toBe(SIMPLE_TEXT);
    expect(section(SIMPLE_TEXT, { part: [], text: 'HEADER' })).toBe(SIMPLE_HEADER);
    expect(SIMPLE_HEADER.endsWith('charset=utf-8\r\n\r\n')).toBe(true);
    expect(section(SIMPLE_TEXT, { part: [], text: 'TEXT' })).toBe(SIMPLE_BODY);
    expect(section(SIMPLE_TEXT, { part: [], text: 'MIME' })).toBeNull();
  });

  it('BODY[1] of a non-multipart message is its body; BODY[1.MIME] its header', () => {
    expect(section(SIMPLE_TEXT, { part: [1] })).toBe(SIMPLE_BODY);
    expect(section(SIMPLE_TEXT, { part: [1], text: 'MIME' })).toBe(SIMPLE_HEADER);
    expect(section(SIMPLE_TEXT, { part: [2] })).toBeNull();
    expect(section(SIMPLE_TEXT, { part: [1, 1] })).toBeNull();
    expect(section(SIMPLE_TEXT, { part: [1], text: 'HEADER' })).toBeNull();
    expect(section(SIMPLE_TEXT, { part: [0] })).toBeNull();
  });

  it('HEADER.FIELDS: case-insensitive names, message order, folded lines intact, then CRLF', () => {
    expect(section(ALTERNATIVE, { part: [], text: 'HEADER.FIELDS', fields: ['subject', 'FROM'] })).toBe(
      'From: =?utf-8?Q?Jos=C3=A9?= <jose@example.com>\r\nSubject: =?utf-8?B?w4lxdWlwZQ==?=\r\n weekly notes\r\n\r\n',
    );
    expect(section(ALTERNATIVE, { part: [], text: 'HEADER.FIELDS', fields: ['X-Absent'] })).toBe('\r\n');
  });

  it('HEADER.FIELDS.NOT returns the other lines', () => {
    const fields = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'in-reply-to'];
    expect(section(ALTERNATIVE, { part: [], text: 'HEADER.FIELDS.NOT', fields })).toBe(
      'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="alt-1"\r\n\r\n',
    );
  });

  it('keeps the stored line endings of the fields and ends with CRLF', () => {
    expect(section(LF_ONLY, { part: [], text: 'HEADER.FIELDS', fields: ['Subject'] })).toBe('Subject: LF only\n\r\n');
    expect(section('Subject: no newline', { part: [], text: 'HEADER.FIELDS', fields: ['subject'] })).toBe(
      'Subject: no newline\r\n\r\n',
    );
  });

  it('includes malformed header lines in HEADER.FIELDS.NOT', () => {
    const raw = crlf('Subject: s', 'garbage line', '', 'b');
    expect(section(raw, { part: [], text: 'HEADER.FIELDS.NOT', fields: ['subject'] })).toBe('garbage line\r\n\r\n');
  });
});

describe('getSection on body parts', () => {
  it('returns part bodies and MIME headers of a nested multipart', () => {
    expect(section(MIXED_NESTED, { part: [1, 2] })).toBe('<p>See the attached report.</p>\r\n');
    expect(section(MIXED_NESTED, { part: [1, 2], text: 'MIME' })).toBe('Content-Type: text/html; charset=us-ascii\r\n\r\n');
    expect(section(MIXED_NESTED, { part: [2] })).toBe('JVBERi0xLjQKJcfsj6IK');
    const alternative = section(MIXED_NESTED, { part: [1] });
    expect(alternative?.startsWith('--mix-inner\r\n')).toBe(true);
    expect(alternative?.endsWith('--mix-inner--\r\n')).toBe(true);
    expect(section(MIXED_NESTED, { part: [3] })).toBeNull();
    expect(section(MIXED_NESTED, { part: [1, 3] })).toBeNull();
    expect(section(MIXED_NESTED, { part: [2, 1] })).toBeNull();
  });

  it('BODY[n] of a message/rfc822 part is the whole encapsulated message', () => {
    expect(section(FORWARDED, { part: [2] })).toBe(FORWARDED_INNER);
    expect(section(FORWARDED, { part: [2], text: 'MIME' })).toBe(
      'Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n',
    );
  });

  it('n.HEADER, n.TEXT and n.HEADER.FIELDS address the encapsulated message', () => {
    const innerHeader = FORWARDED_INNER.slice(0, FORWARDED_INNER.indexOf('\r\n\r\n') + 4);
    expect(section(FORWARDED, { part: [2], text: 'HEADER' })).toBe(innerHeader);
    expect(section(FORWARDED, { part: [2], text: 'TEXT' })).toBe(FORWARDED_INNER.slice(innerHeader.length));
    expect(section(FORWARDED, { part: [2], text: 'HEADER.FIELDS', fields: ['SUBJECT'] })).toBe('Subject: Lunch?\r\n\r\n');
    expect(section(FORWARDED, { part: [3], text: 'HEADER' })).toBe('From: Bob <bob@example.org>\r\nSubject: Re: Lunch?\r\n\r\n');
    expect(section(FORWARDED, { part: [1], text: 'HEADER' })).toBeNull();
    expect(section(FORWARDED, { part: [1], text: 'TEXT' })).toBeNull();
  });

  it('n.1 is the first part of the encapsulated message, or its body when it is not multipart', () => {
    expect(section(FORWARDED, { part: [2, 1] })).toBe('Lunch at noon?\r\n');
    expect(section(FORWARDED, { part: [2, 2, ] , text: 'MIME' })).toBe('Content-Type: text/html; charset=us-ascii\r\n\r\n');
    expect(section(FORWARDED, { part: [3, 1] })).toBe('Yes.\r\n');
    expect(section(FORWARDED, { part: [3, 1], text: 'MIME' })).toBe('From: Bob <bob@example.org>\r\nSubject: Re: Lunch?\r\n\r\n');
    expect(section(FORWARDED, { part: [3, 2] })).toBeNull();
    expect(section(FORWARDED, { part: [2, 3] })).toBeNull();
    expect(section(FORWARDED, { part: [2, 1, 1] })).toBeNull();
  });

  it('a message/rfc822 message root is part 1 with the message inside', () => {
    const raw = crlf('Content-Type: message/rfc822', '', 'Subject: inner', '', 'text');
    expect(section(raw, { part: [1] })).toBe('Subject: inner\r\n\r\ntext');
    expect(section(raw, { part: [1], text: 'HEADER' })).toBe('Subject: inner\r\n\r\n');
    expect(section(raw, { part: [1, 1] })).toBe('text');
  });
});

describe('partial', () => {
  const buf = Buffer.from('0123456789');

  it('cuts <offset.length> and clamps to the buffer', () => {
    expect(partial(buf, 2, 3).toString()).toBe('234');
    expect(partial(buf, 8, 100).toString()).toBe('89');
    expect(partial(buf, 4).toString()).toBe('456789');
    expect(partial(buf, 10, 5).toString()).toBe('');
    expect(partial(buf, 50).toString()).toBe('');
    expect(partial(buf, 0, 0).toString()).toBe('');
  });
});
