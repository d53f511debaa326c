import { describe, expect, it } from 'vitest';
import { parseAppendArgs } from '../../../src/imap/syntax/append-args.js';
import { parseFlag } from '../../../src/imap/syntax/flags.js';
import { parseStoreArgs } from '../../../src/imap/syntax/store-args.js';
import { parse, thrown } from './helpers.js';

const store = (args: string) => parseStoreArgs(parse(`A1 STORE ${args}`).args);
const appendArgs = (args: string | Buffer) =>
  parseAppendArgs(parse(typeof args === 'string' ? `A1 APPEND ${args}` : Buffer.concat([Buffer.from('A1 APPEND '), args])).args);
/** A one-message APPEND, flattened. */
const append = (args: string | Buffer) => {
  const { mailbox, messages } = appendArgs(args);
  expect(messages).toHaveLength(1);
  const [message] = messages;
  if (message!.content.kind !== 'literal') throw new Error('expected a literal');
  return { mailbox, flags: message!.flags, internalDate: message!.internalDate, message: message!.content.bytes };
};

describe('parseFlag', () => {
  it.each([
    ['\\Seen', '\\Seen'],
    ['\\SEEN', '\\Seen'],
    ['\\answered', '\\Answered'],
    ['\\Flagged', '\\Flagged'],
    ['\\deleted', '\\Deleted'],
    ['\\DRAFT', '\\Draft'],
    ['$Forwarded', '$Forwarded'],
    ['NonJunk', 'NonJunk'],
  ])('%s -> %s', (text, expected) => {
    expect(parseFlag(text)).toBe(expected);
  });

  it.each([
    ['\\Recent', /\\Recent cannot be set/],
    ['\\recent', /\\Recent cannot be set/],
    ['\\Important', /unknown system flag/],
    ['\\*', /unknown system flag/],
    ['a\\b', /not a valid keyword/],
    ['a*', /not a valid keyword/],
    ['a%', /not a valid keyword/],
    ['a]', /not a valid keyword/],
  ])('refuses %s', (text, message) => {
    const error = thrown(() => parseFlag(text));
    expect(error.code).toBe('INVALID_FLAG');
    expect(error.message).toMatch(message);
  });
});

describe('parseStoreArgs', () => {
  it.each([
    ['1 FLAGS (\\Seen)', { operation: 'set', silent: false, flags: ['\\Seen'] }],
    ['1 +FLAGS (\\seen $Forwarded)', { operation: 'add', silent: false, flags: ['\\Seen', '$Forwarded'] }],
    ['1 -FLAGS.SILENT (\\Deleted)', { operation: 'remove', silent: true, flags: ['\\Deleted'] }],
    ['1 +flags.silent \\Seen \\Flagged', { operation: 'add', silent: true, flags: ['\\Seen', '\\Flagged'] }],
    ['1 FLAGS ()', { operation: 'set', silent: false, flags: [] }],
    ['1 +FLAGS (\\Seen \\SEEN $a $A)', { operation: 'add', silent: false, flags: ['\\Seen', '$a'] }],
    ['1 +FLAGS (NIL)', { operation: 'add', silent: false, flags: ['NIL'] }],
  ])('%s', (args, expected) => {
    expect(store(args)).toEqual({ sequence: [{ start: 1, end: 1 }], unchangedSince: undefined, ...expected });
  });

  it('reads the UNCHANGEDSINCE modifier (CONDSTORE)', () => {
    expect(store('1:3 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Seen)')).toEqual({
      sequence: [{ start: 1, end: 3 }],
      unchangedSince: 320162338n,
      operation: 'add',
      silent: true,
      flags: ['\\Seen'],
    });
    expect(store('1 (unchangedsince 0) FLAGS ()').unchangedSince).toBe(0n);
  });

  it.each([
    ['', 'SYNTAX', /STORE: missing a sequence set/],
    ['1', 'SYNTAX', /missing FLAGS, \+FLAGS or -FLAGS/],
    ['1 FLAGS', 'SYNTAX', /missing a flag list or flags/],
    ['1 *FLAGS (\\Seen)', 'SYNTAX', /expected FLAGS, \+FLAGS or -FLAGS \(optionally .SILENT\), got "\*FLAGS"/],
    ['1 +FLAGS.LOUD (\\Seen)', 'SYNTAX', /got "\+FLAGS.LOUD"/],
    ['1 X-GM-LABELS (a)', 'SYNTAX', /got "X-GM-LABELS"/],
    ['1 +FLAGS (\\Seen) extra', 'SYNTAX', /unexpected extra argument/],
    ['1 +FLAGS (\\Recent)', 'INVALID_FLAG', /STORE: \\Recent cannot be set/],
    ['1 +FLAGS \\Seen \\Recent', 'INVALID_FLAG', /\\Recent/],
    ['1 +FLAGS ("\\\\Seen")', 'INVALID_FLAG', /expected a flag, got a quoted string/],
    ['1 +FLAGS ((\\Seen))', 'INVALID_FLAG', /expected a flag, got a parenthesized list/],
    ['1 (UNCHANGEDSINCE) +FLAGS (\\Seen)', 'SYNTAX', /missing the UNCHANGEDSINCE mod-sequence/],
    ['1 (CHANGEDSINCE 5) +FLAGS (\\Seen)', 'SYNTAX', /expected UNCHANGEDSINCE/],
    ['1 (UNCHANGEDSINCE 5 6) +FLAGS (\\Seen)', 'SYNTAX', /unexpected extra argument/],
    ['x +FLAGS (\\Seen)', 'SYNTAX', /invalid sequence set/],
  ])('STORE %s -> %s', (args, code, message) => {
    const error = thrown(() => parseStoreArgs(parse(`A1 STORE${args === '' ? '' : ' ' + args}`).args));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('parseAppendArgs', () => {
  it('reads mailbox, flags, date-time and the message literal', () => {
    expect(append('INBOX (\\Seen $Sent) " 5-Jan-2024 03:04:05 +0000" {5+}\r\nhello')).toEqual({
      mailbox: 'INBOX',
      flags: ['\\Seen', '$Sent'],
      internalDate: Date.UTC(2024, 0, 5, 3, 4, 5),
      message: Buffer.from('hello'),
    });
  });

  it.each([
    ['inbox {2+}\r\nhi', { mailbox: 'INBOX', flags: [], internalDate: undefined }],
    ['Sent () {2+}\r\nhi', { mailbox: 'Sent', flags: [], internalDate: undefined }],
    ['Entw&APw-rfe () "17-Jul-1996 02:44:25 -0700" {2}\r\nhi', { mailbox: 'Entwürfe', flags: [], internalDate: Date.UTC(1996, 6, 17, 9, 44, 25) }],
    ['"My Box" "17-Jul-1996 02:44:25 -0700" {2}\r\nhi', { mailbox: 'My Box', flags: [], internalDate: Date.UTC(1996, 6, 17, 9, 44, 25) }],
    ['{5+}\r\nDraft (\\Draft) {2+}\r\nhi', { mailbox: 'Draft', flags: ['\\Draft'], internalDate: undefined }],
  ])('%j', (args, expected) => {
    expect(append(args)).toEqual({ ...expected, message: Buffer.from('hi') });
  });

  it('reads several messages (MULTIAPPEND, RFC 3502) and CATENATE parts (RFC 4469)', () => {
    expect(appendArgs('Sent (\\Seen) {2+}\r\nhi " 5-Jan-2024 03:04:05 +0000" CATENATE (URL "/INBOX;UIDVALIDITY=7/;UID=2" TEXT {2+}\r\nho)')).toEqual({
      mailbox: 'Sent',
      messages: [
        { flags: ['\\Seen'], internalDate: undefined, content: { kind: 'literal', bytes: Buffer.from('hi') } },
        {
          flags: [],
          internalDate: Date.UTC(2024, 0, 5, 3, 4, 5),
          content: { kind: 'catenate', parts: [{ kind: 'url', url: '/INBOX;UIDVALIDITY=7/;UID=2' }, { kind: 'text', bytes: Buffer.from('ho') }] },
        },
      ],
    });
  });

  it('keeps the message octets exactly, 8-bit and NUL included', () => {
    const body = Buffer.from([0x53, 0x0d, 0x0a, 0x00, 0x0a, 0xff]);
    const parsed = append(Buffer.concat([Buffer.from(`INBOX {${body.length}+}\r\n`), body]));
    expect(parsed.message.equals(body)).toBe(true);
  });

  it.each([
    ['', 'SYNTAX', /missing a mailbox name/],
    ['INBOX', 'SYNTAX', /missing the message as a literal/],
    ['INBOX "hello"', 'SYNTAX', /invalid date-time "hello"/],
    ['INBOX (\\Seen) hello', 'SYNTAX', /expected the message as a literal \{n\} as argument 3, got "hello"/],
    ['INBOX (\\Recent) {2+}\r\nhi', 'INVALID_FLAG', /APPEND: \\Recent cannot be set/],
    ['INBOX "1-Jan-2024" {2+}\r\nhi', 'SYNTAX', /invalid date-time "1-Jan-2024"/],
    ['INBOX CATENATE ()', 'SYNTAX', /empty list of parts/],
    ['INBOX CATENATE (FILE {2+}\r\nhi)', 'SYNTAX', /expected TEXT or URL, got FILE/],
    ['INBOX CATENATE (TEXT "hi")', 'SYNTAX', /expected a literal after TEXT/],
    ['INBOX {2+}\r\nhi (\\Seen)', 'SYNTAX', /missing the message as a literal/],
    ['Entw\u00fcrfe {2+}\r\nhi', 'SYNTAX', /byte 0xc3/],
    ['Entw&APw {2+}\r\nhi', 'INVALID_MAILBOX_NAME', /APPEND: unterminated "&"/],
    ['a*b {2+}\r\nhi', 'SYNTAX', /expected a mailbox name/],
  ])('APPEND %j -> %s', (args, code, message) => {
    const error = thrown(() => parseAppendArgs(parse(`A1 APPEND${args === '' ? '' : ' ' + args}`).args));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
