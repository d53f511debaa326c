import { describe, expect, it } from 'vitest';
import {
  fetchResponseName,
  fetchSetsSeen,
  parseFetchArgs,
  type FetchItem,
  type SectionSpec,
} from '../../../src/imap/syntax/fetch-attributes.js';
import { parse, thrown } from './helpers.js';

const fetchArgs = (line: string, uid = false) => {
  const command = parse(`A1 ${uid ? 'UID ' : ''}FETCH${line === '' ? '' : ' ' + line}`);
  return parseFetchArgs(command.args, { uid: command.uid });
};
const attr = (name: string): FetchItem => ({ kind: 'attribute', name }) as FetchItem;
const section = (spec: SectionSpec, peek = false, partial?: { offset: number; length?: number }): FetchItem => ({
  kind: 'section',
  peek,
  section: spec,
  partial,
});

describe('parseFetchArgs: every attribute form', () => {
  it.each([
    ['FLAGS', [attr('FLAGS')]],
    ['uid', [attr('UID')]],
    ['INTERNALDATE', [attr('INTERNALDATE')]],
    ['RFC822.SIZE', [attr('RFC822.SIZE')]],
    ['ENVELOPE', [attr('ENVELOPE')]],
    ['BODY', [attr('BODY')]],
    ['BODYSTRUCTURE', [attr('BODYSTRUCTURE')]],
    ['RFC822', [attr('RFC822')]],
    ['RFC822.HEADER', [attr('RFC822.HEADER')]],
    ['RFC822.TEXT', [attr('RFC822.TEXT')]],
    ['MODSEQ', [attr('MODSEQ')]],
    ['ALL', [attr('FLAGS'), attr('INTERNALDATE'), attr('RFC822.SIZE'), attr('ENVELOPE')]],
    ['fast', [attr('FLAGS'), attr('INTERNALDATE'), attr('RFC822.SIZE')]],
    ['FULL', [attr('FLAGS'), attr('INTERNALDATE'), attr('RFC822.SIZE'), attr('ENVELOPE'), attr('BODY')]],
    ['BODY[]', [section({ part: [] })]],
    ['BODY.PEEK[]', [section({ part: [] }, true)]],
    ['body.peek[]<0.2048>', [section({ part: [] }, true, { offset: 0, length: 2048 })]],
    ['BODY[HEADER]', [section({ part: [], text: 'HEADER' })]],
    ['BODY[TEXT]', [section({ part: [], text: 'TEXT' })]],
    ['BODY[1]', [section({ part: [1] })]],
    ['BODY[1.2.3]', [section({ part: [1, 2, 3] })]],
    ['BODY[1.2.MIME]', [section({ part: [1, 2], text: 'MIME' })]],
    ['BODY[2.HEADER]', [section({ part: [2], text: 'HEADER' })]],
    ['BODY[2.text]', [section({ part: [2], text: 'TEXT' })]],
    ['BODY.PEEK[1.2.MIME]<0.2048>', [section({ part: [1, 2], text: 'MIME' }, true, { offset: 0, length: 2048 })]],
    // Not RFC 3501 grammar, but what imapflow sends for a source range with only a start.
    ['BODY.PEEK[]<100>', [section({ part: [] }, true, { offset: 100 })]],
    ['BODY[TEXT]<0>', [section({ part: [], text: 'TEXT' }, false, { offset: 0 })]],
    ['BODY[HEADER.FIELDS (SUBJECT FROM)]', [section({ part: [], text: 'HEADER.FIELDS', fields: ['SUBJECT', 'FROM'] })]],
    ['BODY[header.fields.not (Received "X-Spam")]', [section({ part: [], text: 'HEADER.FIELDS.NOT', fields: ['Received', 'X-Spam'] })]],
    ['BODY[1.HEADER.FIELDS (Date)]<10.5>', [section({ part: [1], text: 'HEADER.FIELDS', fields: ['Date'] }, false, { offset: 10, length: 5 })]],
    ['BODY[HEADER.FIELDS ({7+}\r\nSubject)]', [section({ part: [], text: 'HEADER.FIELDS', fields: ['Subject'] })]],
    ['(FLAGS UID)', [attr('FLAGS'), attr('UID')]],
    ['(UID FLAGS UID BODY[] BODY[])', [attr('UID'), attr('FLAGS'), section({ part: [] }), section({ part: [] })]],
  ])('%s', (items, expected) => {
    expect(fetchArgs(`1:* ${items}`)).toEqual({ sequence: [{ start: 1, end: '*' }], items: expected, changedSince: undefined });
  });

  it('adds UID for UID FETCH, first and once', () => {
    expect(fetchArgs('1:* FLAGS', true).items).toEqual([attr('UID'), attr('FLAGS')]);
    expect(fetchArgs('1:* (FLAGS UID)', true).items).toEqual([attr('UID'), attr('FLAGS')]);
  });

  it('reads (CHANGEDSINCE n) and adds MODSEQ (RFC 7162 3.1.4.1)', () => {
    expect(fetchArgs('1:* (FLAGS) (CHANGEDSINCE 12345)')).toEqual({
      sequence: [{ start: 1, end: '*' }],
      items: [attr('FLAGS'), attr('MODSEQ')],
      changedSince: 12345n,
    });
    expect(fetchArgs('1 (MODSEQ FLAGS) (changedsince 0)').items).toEqual([attr('MODSEQ'), attr('FLAGS')]);
    expect(fetchArgs('1 FLAGS (CHANGEDSINCE 9223372036854775807)').changedSince).toBe(9223372036854775807n);
  });
});

describe('parseFetchArgs: refusals', () => {
  it.each([
    ['', 'SYNTAX', /missing a sequence set/],
    ['1:*', 'SYNTAX', /missing fetch attributes/],
    ['x FLAGS', 'SYNTAX', /FETCH: invalid sequence set "x"/],
    ['1 FOO', 'SYNTAX', /FETCH: unknown fetch attribute "FOO"/],
    ['1 ()', 'SYNTAX', /empty fetch attribute list/],
    ['1 (FLAGS ALL)', 'SYNTAX', /ALL macro cannot be combined/],
    ['1 "FLAGS"', 'SYNTAX', /expected a fetch attribute, got a quoted/],
    ['1 BINARY', 'SYNTAX', /BINARY needs a section in brackets/],
    ['1 BINARY[TEXT]', 'SYNTAX', /part numbers only/],
    ['1 BINARY.SIZE[1]<0.5>', 'SYNTAX', /BINARY.SIZE takes no partial/],
    ['1 BODY[MIME]', 'SYNTAX', /MIME is only valid after a part number/],
    ['1 BODY[0]', 'SYNTAX', /section part number must be greater than 0/],
    ['1 BODY[1.0.TEXT]', 'SYNTAX', /greater than 0/],
    ['1 BODY[HEADER.FIELDS]', 'SYNTAX', /non-empty list of header field names/],
    ['1 BODY[HEADER.FIELDS ()]', 'SYNTAX', /non-empty list/],
    ['1 BODY[HEADER.FIELDS SUBJECT]', 'SYNTAX', /non-empty list/],
    ['1 BODY[HEADER.FIELDS (SUBJECT) X]', 'SYNTAX', /unexpected tokens after the HEADER.FIELDS list/],
    ['1 BODY[HEADER.FIELDS ((A))]', 'SYNTAX', /must be astrings/],
    ['1 BODY[HEADER (A)]', 'SYNTAX', /unexpected tokens after section "HEADER"/],
    ['1 BODY[1 (A)]', 'SYNTAX', /unexpected tokens after section "1"/],
    ['1 BODY[FOO]', 'SYNTAX', /invalid body section "FOO"/],
    ['1 BODY[1.]', 'SYNTAX', /invalid body section/],
    ['1 BODY[1.HEADER.]', 'SYNTAX', /invalid body section/],
    ['1 BODY[.1]', 'SYNTAX', /empty part between dots/],
    ['1 BODY[1..2]', 'SYNTAX', /empty part between dots/],
    ['1 BODY["1"]', 'SYNTAX', /must start with a part number/],
    ['1 BODY[]<100.>', 'SYNTAX', /partial <100.>, expected <offset.length>/],
    ['1 BODY[]<.5>', 'SYNTAX', /invalid partial/],
    ['1 BODY[]<>', 'SYNTAX', /invalid partial/],
    ['1 BODY[]<4294967296>', 'SYNTAX', /at most 4294967295/],
    ['1 BODY[]<0.0>', 'SYNTAX', /partial length must be greater than 0/],
    ['1 BODY[]<a.b>', 'SYNTAX', /invalid partial/],
    ['1 BODY[]<0.4294967296>', 'SYNTAX', /at most 4294967295/],
    ['1 FLAGS CHANGEDSINCE 5', 'SYNTAX', /fetch modifiers/],
    ['1 FLAGS (CHANGEDSINCE)', 'SYNTAX', /missing the CHANGEDSINCE mod-sequence/],
    ['1 FLAGS (CHANGEDSINCE x)', 'SYNTAX', /mod-sequence number, got "x"/],
    ['1 FLAGS (CHANGEDSINCE 9223372036854775808)', 'SYNTAX', /below 2\^63/],
    ['1 FLAGS (CHANGEDSINCE 5 VANISHED)', 'SYNTAX', /VANISHED goes with UID FETCH and CHANGEDSINCE/],
    ['1 FLAGS (FOO 1)', 'SYNTAX', /expected CHANGEDSINCE/],
    ['1 FLAGS (CHANGEDSINCE 1) extra', 'SYNTAX', /unexpected extra argument/],
  ])('FETCH %s -> %s', (args, code, message) => {
    const error = thrown(() => fetchArgs(args));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('names UID FETCH in its messages', () => {
    expect(thrown(() => fetchArgs('1 FOO', true)).message).toMatch(/^UID FETCH: /);
  });
});

describe('fetch item helpers', () => {
  const item = (text: string): FetchItem => fetchArgs(`1 ${text}`).items[0]!;

  it.each([
    ['BODY.PEEK[]', 'BODY[]'],
    ['BODY.PEEK[1.2.MIME]<0.2048>', 'BODY[1.2.MIME]<0>'],
    ['BODY[]<100.10>', 'BODY[]<100>'],
    ['BODY.PEEK[]<100>', 'BODY[]<100>'],
    ['BODY[HEADER.FIELDS (SUBJECT "X Y")]', 'BODY[HEADER.FIELDS (SUBJECT "X Y")]'],
    ['BODY[2.HEADER.FIELDS.NOT (Received)]', 'BODY[2.HEADER.FIELDS.NOT (Received)]'],
    ['RFC822.SIZE', 'RFC822.SIZE'],
  ])('response name of %s is %s', (text, expected) => {
    expect(fetchResponseName(item(text))).toBe(expected);
  });

  it.each([
    ['BODY[]', true],
    ['BODY.PEEK[]', false],
    ['RFC822', true],
    ['RFC822.TEXT', true],
    ['RFC822.HEADER', false],
    ['FLAGS', false],
    ['BODY', false],
  ])('%s sets \\Seen: %s', (text, expected) => {
    expect(fetchSetsSeen(item(text))).toBe(expected);
  });
});
