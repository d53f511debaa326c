import { describe, expect, it } from 'vitest';
import { envelope, parseMessage, type ImapData } from '../../src/mime/index.js';
import { ALTERNATIVE, bytes, crlf, SIMPLE_TEXT } from './fixtures.js';

const envelopeOf = (text: string) => envelope(parseMessage(bytes(text)));
/** An address list: "(" 1*address ")", the addresses written with no SP between them. */
const addresses = (...list: ImapData[]): ImapData => [{ adjacent: list }];

describe('envelope', () => {
  it('builds the RFC 3501 ENVELOPE of a plain message', () => {
    const alice = addresses(['Alice Example', null, 'alice', 'example.com']);
    expect(envelopeOf(SIMPLE_TEXT)).toEqual([
      'Mon, 4 Mar 2024 09:00:00 +0000',
      'Lunch?',
      alice,
      alice, // sender defaults to from
      alice, // reply-to defaults to from
      addresses(['Bob', null, 'bob', 'example.org'], [null, null, 'carol', 'example.net']),
      null,
      null,
      null,
      '<lunch-1@example.com>',
    ]);
  });

  it('leaves encoded words raw, unfolds, and writes groups in RFC 3501 group syntax', () => {
    const jose = addresses(['=?utf-8?Q?Jos=C3=A9?=', null, 'jose', 'example.com']);
    expect(envelopeOf(ALTERNATIVE)).toEqual([
      'Tue, 5 Mar 2024 10:30:00 +0100',
      '=?utf-8?B?w4lxdWlwZQ==?= weekly notes',
      jose,
      jose,
      jose,
      addresses([null, null, 'Team', null], [null, null, 'ann', 'example.com'], [null, null, 'ben', 'example.com'], [null, null, null, null]),
      addresses([null, null, 'undisclosed-recipients', null], [null, null, null, null]),
      null,
      '<notes-1@example.com>',
      '<notes-2@example.com>',
    ]);
  });

  it('uses Sender and Reply-To when present and non-empty', () => {
    const env = envelopeOf(
      crlf(
        'From: a@example.com',
        'Sender: "Secretary, The" <sec@example.com>',
        'Reply-To:',
        'Bcc: hidden@example.com',
        '',
        '',
      ),
    );
    expect(env.slice(2, 8)).toEqual([
      addresses([null, null, 'a', 'example.com']),
      addresses(['Secretary, The', null, 'sec', 'example.com']),
      addresses([null, null, 'a', 'example.com']), // empty Reply-To counts as absent
      null,
      null,
      addresses([null, null, 'hidden', 'example.com']),
    ]);
  });

  it('takes a comment as the name and marks missing parts of an address', () => {
    const env = envelopeOf(crlf('From: user@domain (Real Name)', 'To: postmaster, "Name Only" <>', '', ''));
    expect(env[2]).toEqual(addresses(['Real Name', null, 'user', 'domain']));
    expect(env[5]).toEqual(addresses([null, null, 'postmaster', 'MISSING_DOMAIN'], ['Name Only', null, 'MISSING_MAILBOX', 'MISSING_DOMAIN']));
  });

  it('reports a folded address list and raw 8-bit names', () => {
    const env = envelopeOf(crlf('To: Jürgen <j@example.de>,', '\tKim <k@example.kr>', '', ''));
    expect(env[5]).toEqual(addresses(['Jürgen', null, 'j', 'example.de'], ['Kim', null, 'k', 'example.kr']));
  });

  it('uses the first of repeated fields and NIL for absent ones', () => {
    const env = envelopeOf(crlf('Subject: first', 'Subject: second', '', 'body'));
    expect(env).toEqual([null, 'first', null, null, null, null, null, null, null, null]);
    expect(envelope(parseMessage(Buffer.alloc(0)))).toEqual(Array(10).fill(null));
  });

  it('keeps an empty Subject as an empty string', () => {
    expect(envelopeOf(crlf('Subject:', '', ''))[1]).toBe('');
  });
});

describe('envelope, issue 11 details', () => {
  it('a group holding only a comment has no address; an empty group is two markers', () => {
    const env = envelopeOf(crlf('Cc: group2: (foo) ;', 'Bcc: empty:;', '', ''));
    expect(env[6]).toEqual(addresses([null, null, 'group2', null], [null, null, null, null]));
    expect(env[7]).toEqual(addresses([null, null, 'empty', null], [null, null, null, null]));
  });

  it('keeps a source route as the adl (RFC 3501 7.4.2)', () => {
    const env = envelopeOf(crlf('From: Old <@relay1.example,@relay2.example:user@domain.example>', 'To: <@one.example:a@b.example>, c@d.example', '', ''));
    expect(env[2]).toEqual(addresses(['Old', '@relay1.example,@relay2.example', 'user', 'domain.example']));
    expect(env[5]).toEqual(addresses([null, '@one.example', 'a', 'b.example'], [null, null, 'c', 'd.example']));
  });

  it('sends a field that is not UTF-8 as its stored octets, not re-encoded', () => {
    const latin1 = Buffer.concat([Buffer.from('Subject: Gr'), Buffer.from([0xfc, 0xdf]), Buffer.from('e\r\nFrom: J'), Buffer.from([0xfc]), Buffer.from('rgen <j@x.de>\r\n\r\n')]);
    const env = envelope(parseMessage(latin1));
    expect(env[1]).toEqual(Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]));
    expect(env[2]).toEqual([{ adjacent: [[Buffer.from([0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e]), null, Buffer.from('j', 'latin1'), Buffer.from('x.de', 'latin1')]] }]);
    // Valid UTF-8 stays a string: written as UTF-8, it is the same octets.
    expect(envelopeOf(crlf('Subject: Grüße', '', ''))[1]).toBe('Grüße');
  });
});
