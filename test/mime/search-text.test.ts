import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, foldedTextForSearch, foldText, headerValues, parseMessage, searchTextsComputed, textForSearch } from '../../src/mime/index.js';
import { ALTERNATIVE, bytes, crlf, FORWARDED, MIXED_NESTED, RFC2231 } from './fixtures.js';

function searchText(raw: Buffer) {
  return textForSearch(parseMessage(raw), raw);
}

/** A one-part message with the given Content-Type and transfer encoding around raw body bytes. */
function textMessage(contentType: string, encoding: string, body: Buffer): Buffer {
  const header = crlf(`Content-Type: ${contentType}`, `Content-Transfer-Encoding: ${encoding}`, '', '');
  return Buffer.concat([Buffer.from(header, 'latin1'), body]);
}

describe('headerValues', () => {
  it('returns the raw unfolded values of the message header', () => {
    const parsed = parseMessage(bytes(ALTERNATIVE));
    expect(headerValues(parsed, 'Subject')).toEqual(['=?utf-8?B?w4lxdWlwZQ==?= weekly notes']);
    expect(headerValues(parsed, 'x-none')).toEqual([]);
    expect(headerValues(parseMessage(bytes(crlf('Received: a', 'Received: b', '', ''))), 'received')).toEqual(['a', 'b']);
  });

  it('decodeEncodedWords decodes RFC 2047 words for matching', () => {
    expect(decodeEncodedWords('=?utf-8?B?w4lxdWlwZQ==?= weekly notes')).toBe('Équipe weekly notes');
  });
});

describe('textForSearch', () => {
  it('decodes quoted-printable UTF-8 bodies and encoded words in headers', () => {
    const text = searchText(bytes(ALTERNATIVE));
    expect(text.body).toBe('Café at 10.\n<p>Café at 10.</p>\r\n');
    expect(text.headers).toContain('Subject: Équipe weekly notes');
    expect(text.headers).toContain('From: José <jose@example.com>');
  });

  it('decodes a declared charset (RFC 2231 fixture: iso-8859-1)', () => {
    expect(searchText(bytes(RFC2231)).body).toBe('café');
  });

  it('decodes base64 and skips non-text parts', () => {
    const raw = textMessage('text/plain; charset=utf-8', 'base64', Buffer.from(Buffer.from('Grüße').toString('base64')));
    expect(searchText(raw).body).toBe('Grüße');
    const mixed = searchText(bytes(MIXED_NESTED)).body;
    expect(mixed).toBe('See the attached report.\r\n\n<p>See the attached report.</p>\r\n');
    expect(mixed).not.toContain('JVBERi0');
  });

  it('includes encapsulated messages, headers and all', () => {
    const body = searchText(bytes(FORWARDED)).body;
    expect(body).toContain('Forwarding this.');
    expect(body).toContain('Subject: Re: Lunch?');
    expect(body).toContain('Yes.');
    expect(body).toContain('<p>Lunch at noon?</p>');
  });

  it('falls back sensibly for wrong or unknown charsets', () => {
    const eAcute = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "caf" + latin1 é
    expect(searchText(textMessage('text/plain; charset=x-unknown', '8bit', eAcute)).body).toBe('café');
    expect(searchText(textMessage('text/plain', '8bit', eAcute)).body).toBe('café');
    expect(searchText(textMessage('text/plain', '8bit', Buffer.from('café'))).body).toBe('café');
    expect(searchText(textMessage('text/plain; charset=windows-1252', '8bit', Buffer.from([0x80]))).body).toBe('€');
    expect(searchText(textMessage('text/plain; charset=utf-7', '7bit', Buffer.from('+AGQ-'))).body).toBe('+AGQ-');
  });

  it('decodes and folds the text once per stored message, however often SEARCH asks', () => {
    const raw = bytes(ALTERNATIVE);
    const parsed = parseMessage(raw);
    const before = searchTextsComputed();
    const folded = foldedTextForSearch(parsed, raw);
    expect(folded.body).toBe(foldText(textForSearch(parsed, raw).body));
    for (let i = 0; i < 10; i++) expect(foldedTextForSearch(parseMessage(raw), raw)).toBe(folded);
    expect(searchTextsComputed() - before).toBe(1);
    // Other octets (even equal ones) are another message.
    foldedTextForSearch(parsed, Buffer.from(raw));
    expect(searchTextsComputed() - before).toBe(2);
  });
});
