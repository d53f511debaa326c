import { afterEach, describe, expect, it } from 'vitest';
import { bodyStructure, envelope, parseMessage } from '../../../src/mime/index.js';
import { serializeValue, type ImapValue } from '../../../src/imap/syntax/index.js';
import { ALTERNATIVE, crlf, DIGEST, FORWARDED, LF_ONLY, MISSING_CLOSE, MIXED_NESTED, RFC2231, SIMPLE_TEXT } from '../../mime/fixtures.js';
import { imapWorld, type ImapWorld } from '../helpers.js';
import { parseStrictBody, parseStrictEnvelope, parseStrictFetch, StrictSyntaxError, type StrictBody } from './rfc3501-strict.js';

/** RFC 3501 7.4.2's own BODYSTRUCTURE example, with the single SP the grammar allows. */
const RFC_EXAMPLE =
  '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") ' +
  '"<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73) "MIXED")';

const ATTACHMENT = crlf(
  'From: Ann <ann@example.com>, "Ben, B." <ben@example.com>',
  'To: Team: carl@example.com, dora@example.com;, eve@example.com',
  'Subject: report',
  'Content-Type: multipart/mixed; boundary=b',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'See attached.',
  '--b',
  'Content-Type: application/pdf; name=r.pdf',
  'Content-Disposition: attachment; filename=r.pdf',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0=',
  '--b--',
  '',
);

const EIGHT_BIT = crlf('From: Jürgen Groß <j@example.de>', 'To: Zoë <z@example.nl>', 'Subject: Grüße', '', 'Hallo', '');

function partCount(body: StrictBody): number {
  return body.kind === 'multipart' ? body.parts.reduce((sum, part) => sum + partCount(part), 0) : 1;
}

describe('the strict RFC 3501 reader', () => {
  it('accepts the RFC 3501 7.4.2 example', () => {
    const parsed = parseStrictBody(RFC_EXAMPLE);
    expect(parsed).toMatchObject({ kind: 'multipart', subtype: 'MIXED', parts: [{ kind: 'text', octets: 1152, lines: 23 }, { kind: 'text', octets: 4554 }] });
  });

  it.each([
    ['a space between the parts of a multipart', RFC_EXAMPLE.replace(' 23)("TEXT"', ' 23) ("TEXT"')],
    ['two spaces before the subtype', RFC_EXAMPLE.replace(') "MIXED"', ')  "MIXED"')],
    ['a text part without its line count', '("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5)'],
    ['a multipart without a subtype', '(("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 1))'],
    ['an unquoted media type', '(TEXT "PLAIN" NIL NIL NIL "7BIT" 5 1)'],
    ['a CR inside a quoted string', '("TEXT" "PLAIN" ("NAME" "a\rb") NIL NIL "7BIT" 5 1)'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseStrictBody(text)).toThrow(StrictSyntaxError);
  });

  it.each([
    ['a space between two addresses', '(NIL NIL ((NIL NIL "a" "x.org") (NIL NIL "b" "x.org")) NIL NIL NIL NIL NIL NIL NIL)'],
    ['an empty address list', '(NIL NIL () NIL NIL NIL NIL NIL NIL NIL)'],
    ['a missing field', '(NIL NIL NIL NIL NIL NIL NIL NIL NIL)'],
  ])('refuses an envelope with %s', (_what, text) => {
    expect(() => parseStrictEnvelope(text)).toThrow(StrictSyntaxError);
  });
});

describe('our BODY, BODYSTRUCTURE and ENVELOPE follow the RFC 3501 grammar exactly', () => {
  const fixtures: [string, string][] = [
    ['a single text part', SIMPLE_TEXT],
    ['multipart/alternative with group syntax in To and Cc', ALTERNATIVE],
    ['a nested multipart with an attachment', MIXED_NESTED],
    ['two forwarded messages', FORWARDED],
    ['an LF-only message', LF_ONLY],
    ['RFC 2231 parameters', RFC2231],
    ['a multipart without its close delimiter', MISSING_CLOSE],
    ['a multipart/digest', DIGEST],
    ['an attachment and several addresses', ATTACHMENT],
    ['8-bit names and subject (literals)', EIGHT_BIT],
  ];

  it.each(fixtures)('%s, as values', (_what, text) => {
    const parsed = parseMessage(Buffer.from(text, 'utf8'));
    const structure = parseStrictBody(serializeValue(bodyStructure(parsed, true) as ImapValue));
    const plain = parseStrictBody(serializeValue(bodyStructure(parsed, false) as ImapValue));
    expect(partCount(plain)).toBe(partCount(structure));
    parseStrictEnvelope(serializeValue(envelope(parsed) as ImapValue));
  });

  let world: ImapWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('as a client reads them in FETCH responses over a socket', async () => {
    world = await imapWorld();
    for (const [, text] of fixtures) world.alice.inbox.append(Buffer.from(text, 'utf8'), { label: 'test' });
    const raw = await world.raw();
    await raw.loginAndSelect();
    for (let seq = 1; seq <= fixtures.length; seq++) {
      const text = await raw.command('f', `FETCH ${seq} (UID ENVELOPE BODY BODYSTRUCTURE)`);
      const end = text.lastIndexOf('f OK ');
      expect(end).toBeGreaterThan(0);
      const fetch = parseStrictFetch(Buffer.from(text.slice(0, end), 'latin1'));
      expect(fetch.seq).toBe(seq);
      expect([...fetch.items.keys()]).toEqual(['UID', 'ENVELOPE', 'BODY', 'BODYSTRUCTURE']);
    }
    const report = await raw.command('g', 'FETCH 9 (ENVELOPE BODYSTRUCTURE)');
    const fetch = parseStrictFetch(Buffer.from(report.slice(0, report.lastIndexOf('g OK ')), 'latin1'));
    // The attachment survives as the second part, which c-client lost when parts were spaced.
    expect(fetch.items.get('BODYSTRUCTURE')).toMatchObject({ kind: 'multipart', parts: [{ type: 'TEXT' }, { type: 'APPLICATION', subtype: 'PDF' }] });
    expect(fetch.items.get('ENVELOPE')).toMatchObject({
      from: [{ name: 'Ann', mailbox: 'ann' }, { name: 'Ben, B.', mailbox: 'ben' }],
      to: [{ mailbox: 'Team', host: null }, { mailbox: 'carl' }, { mailbox: 'dora' }, { mailbox: null, host: null }, { mailbox: 'eve' }],
    });
  });
});
