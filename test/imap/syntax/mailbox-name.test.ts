import { describe, expect, it } from 'vitest';
import { decodeMailboxName, encodeMailboxName } from '../../../src/imap/syntax/mailbox-name.js';
import { thrown } from './helpers.js';

describe('modified UTF-7 mailbox names', () => {
  it.each([
    ['INBOX', 'INBOX'],
    ['Entwürfe', 'Entw&APw-rfe'],
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['Tom & Jerry', 'Tom &- Jerry'],
    ['&', '&-'],
    ['Ångström', '&AMU-ngstr&APY-m'],
    ['📧 Mail', '&2D3c5w- Mail'],
    ['a\tb', 'a&AAk-b'],
    ['', ''],
  ])('%j <-> %j', (unicode, encoded) => {
    expect(encodeMailboxName(unicode)).toBe(encoded);
    expect(decodeMailboxName(encoded)).toBe(unicode);
  });

  it.each([
    ['Entw\u00fcrfe', /non-ASCII/],
    ['a\x01b', /control/],
    ['Entw&APw', /unterminated/],
    ['&U,BTFw', /unterminated/],
    ['&!!-', /invalid modified base64/],
    ['&A-', /invalid modified base64/],
    ['&AP-', /whole UTF-16 characters/],
    ['&AGE-', /canonical/], // "a" must not be base64-encoded
    ['&APw-&APw-', /canonical/], // two adjacent runs must be one
    ['&APx-', /canonical/], // non-zero padding bits
    ['&2D0-', /unpaired UTF-16 surrogate/],
    ['&APw=-', /invalid modified base64/],
    ['&AP/8-', /invalid modified base64/], // "/" instead of ","
  ])('refuses %j', (encoded, message) => {
    const error = thrown(() => decodeMailboxName(encoded));
    expect(error.code).toBe('INVALID_MAILBOX_NAME');
    expect(error.message).toMatch(message);
  });

  it('round-trips every BMP character class and astral characters', () => {
    const names = ['a&b&&c', 'ÄÖÜ/äöü', 'Ελληνικά', '中文/子目录', 'mixed 中 & 文 -', 'emoji 😀😀 end', '-&-'];
    for (const name of names) expect(decodeMailboxName(encodeMailboxName(name))).toBe(name);
  });
});

describe('modified UTF-7 agrees with imapflow', () => {
  it('encodes and decodes as imapflow does', async () => {
    const { encodePath, decodePath } = await import('imapflow/lib/tools.js');
    const connection = { enabled: new Set(), capabilities: new Map() } as never;
    const names = ['Entwürfe', '~peter/mail/台北/日本語', 'Tom & Jerry', 'Ångström', '📧 Mail', 'Корзина/Старое', 'a&b'];
    for (const name of names) {
      expect(encodeMailboxName(name)).toBe(encodePath(connection, name));
      expect(decodeMailboxName(encodePath(connection, name))).toBe(decodePath(connection, encodeMailboxName(name)));
    }
  });
});
