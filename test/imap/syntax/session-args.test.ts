import { describe, expect, it } from 'vitest';
import { parseAuthenticateArgs, parseLoginArgs, parseSaslResponse } from '../../../src/imap/syntax/auth-args.js';
import { isIdleDone, parseEnableArgs, parseIdArgs } from '../../../src/imap/syntax/client-args.js';
import { MAX_ID_PAIRS } from '../../../src/imap/syntax/limits.js';
import {
  parseCopyArgs,
  parseMailboxArg,
  parseNoArgs,
  parseRenameArgs,
  parseUidExpungeArgs,
} from '../../../src/imap/syntax/mailbox-args.js';
import { parseSelectArgs } from '../../../src/imap/syntax/select-args.js';
import { parse, thrown } from './helpers.js';

const args = (line: string) => parse(line).args;

describe('LOGIN and AUTHENTICATE', () => {
  it.each([
    ['A1 LOGIN alice secret', { username: 'alice', password: 'secret' }],
    ['A1 LOGIN "us\\"er" "pässwörd"', { username: 'us"er', password: 'pässwörd' }],
    ['A1 LOGIN {5+}\r\nalice {3+}\r\n" x', { username: 'alice', password: '" x' }],
    ['A1 LOGIN NIL ""', { username: 'NIL', password: '' }],
    ['A1 LOGIN a] b]', { username: 'a]', password: 'b]' }],
  ])('%j', (line, expected) => {
    expect(parseLoginArgs(args(line))).toEqual(expected);
  });

  it.each([
    ['A1 LOGIN alice', /LOGIN: missing a password/],
    ['A1 LOGIN alice a b', /unexpected extra argument/],
    ['A1 LOGIN (alice) b', /expected a user name/],
    ['A1 LOGIN a* b', /expected a user name/],
    ['A1 LOGIN a\\b c', /expected a user name/],
  ])('refuses %j', (line, message) => {
    expect(thrown(() => parseLoginArgs(args(line))).message).toMatch(message);
  });

  it('reads AUTHENTICATE with and without SASL-IR', () => {
    expect(parseAuthenticateArgs(args('A1 AUTHENTICATE plain'))).toEqual({ mechanism: 'PLAIN', initialResponse: undefined });
    expect(parseAuthenticateArgs(args('A1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA=='))).toEqual({
      mechanism: 'PLAIN',
      initialResponse: Buffer.from('\0alice\0secret'),
    });
    expect(parseAuthenticateArgs(args('A1 AUTHENTICATE EXTERNAL ='))).toEqual({ mechanism: 'EXTERNAL', initialResponse: Buffer.alloc(0) });
  });

  it.each([
    ['A1 AUTHENTICATE', /missing a SASL mechanism name/],
    ['A1 AUTHENTICATE "PLAIN"', /expected a SASL mechanism name/],
    ['A1 AUTHENTICATE PLAIN abc', /initial response is not valid base64/],
    ['A1 AUTHENTICATE PLAIN a=bc', /not valid base64/],
    ['A1 AUTHENTICATE PLAIN YQ== x', /unexpected extra argument/],
    ['A1 AUTHENTICATE PL*AIN', /not a SASL mechanism name/],
  ])('refuses %j', (line, message) => {
    const error = thrown(() => parseAuthenticateArgs(args(line)));
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toMatch(message);
  });

  it('reads SASL continuation lines', () => {
    expect(parseSaslResponse(Buffer.from('*'))).toEqual({ kind: 'cancel' });
    expect(parseSaslResponse(Buffer.from(''))).toEqual({ kind: 'data', data: Buffer.alloc(0) });
    expect(parseSaslResponse(Buffer.from('dXNlcg=='))).toEqual({ kind: 'data', data: Buffer.from('user') });
    expect(thrown(() => parseSaslResponse(Buffer.from('dXNlcg= ='))).message).toMatch(/SASL response is not valid base64/);
  });
});

describe('SELECT / EXAMINE', () => {
  it.each([
    ['A1 SELECT INBOX', 'SELECT', { mailbox: 'INBOX', condstore: false }],
    ['A1 SELECT inbox', 'SELECT', { mailbox: 'INBOX', condstore: false }],
    ['A1 SELECT "INBOX/Sub"', 'SELECT', { mailbox: 'INBOX/Sub', condstore: false }],
    ['A1 EXAMINE Entw&APw-rfe (CONDSTORE)', 'EXAMINE', { mailbox: 'Entwürfe', condstore: true }],
    ['A1 SELECT "Entw&APw-rfe" (condstore)', 'SELECT', { mailbox: 'Entwürfe', condstore: true }],
  ] as const)('%j', (line, command, expected) => {
    expect(parseSelectArgs(args(line), command)).toEqual(expected);
  });

  it.each([
    ['A1 SELECT', 'SYNTAX', /SELECT: missing a mailbox name/],
    ['A1 SELECT INBOX CONDSTORE', 'SYNTAX', /expected select parameters/],
    ['A1 SELECT INBOX ()', 'SYNTAX', /empty select parameter list/],
    ['A1 SELECT INBOX (QRESYNC (1 0))', 'SYNTAX', /mod-sequence must be above 0/],
    ['A1 SELECT INBOX (QRESYNC (1))', 'SYNTAX', /missing the mod-sequence/],
    ['A1 SELECT INBOX (QRESYNC (1 2 x))', 'SYNTAX', /invalid sequence set "x"/],
    ['A1 SELECT INBOX (FOO)', 'SYNTAX', /unknown select parameter "FOO"/],
    ['A1 SELECT INBOX (CONDSTORE) x', 'SYNTAX', /unexpected extra argument/],
    ['A1 SELECT &Jjo', 'INVALID_MAILBOX_NAME', /SELECT: unterminated/],
  ])('refuses %j', (line, code, message) => {
    const error = thrown(() => parseSelectArgs(args(line)));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('ENABLE, ID and IDLE', () => {
  it('reads ENABLE names upper-cased, unknown ones included', () => {
    expect(parseEnableArgs(args('A1 ENABLE condstore UTF8=ACCEPT X-UNKNOWN'))).toEqual(['CONDSTORE', 'UTF8=ACCEPT', 'X-UNKNOWN']);
    expect(thrown(() => parseEnableArgs(args('A1 ENABLE'))).message).toMatch(/ENABLE: missing a capability name/);
    expect(thrown(() => parseEnableArgs(args('A1 ENABLE "CONDSTORE"'))).message).toMatch(/expected a capability name/);
  });

  it('reads ID lists and NIL', () => {
    expect(parseIdArgs(args('A1 ID NIL'))).toBeNull();
    expect(parseIdArgs(args('A1 ID ()'))).toEqual([]);
    expect(parseIdArgs(args('A1 ID ("name" "imapflow" "version" "2.10.0" "os" NIL)'))).toEqual([
      ['name', 'imapflow'],
      ['version', '2.10.0'],
      ['os', null],
    ]);
    expect(parseIdArgs(args('A1 ID ({4+}\r\nname {3+}\r\nx y)'))).toEqual([['name', 'x y']]);
  });

  it.each([
    ['A1 ID', /ID: missing a parenthesized field\/value list or NIL/],
    ['A1 ID (name "x")', /expected an ID field name/],
    ['A1 ID ("name")', /missing a value \(string or NIL\) for ID field "name"/],
    ['A1 ID ("name" x)', /expected a value/],
    ['A1 ID NIL NIL', /unexpected extra argument/],
    [`A1 ID ("${'k'.repeat(31)}" "v")`, /field names are at most 30 octets/],
    [`A1 ID ("k" "${'v'.repeat(1025)}")`, /values are at most 1024 octets/],
    [`A1 ID (${'"k" "v" '.repeat(MAX_ID_PAIRS + 1).trim()})`, /at most 30 field\/value pairs/],
  ])('refuses %j', (line, message) => {
    expect(thrown(() => parseIdArgs(args(line))).message).toMatch(message);
  });

  it('recognises DONE in any case, and nothing else', () => {
    expect(isIdleDone(Buffer.from('DONE'))).toBe(true);
    expect(isIdleDone(Buffer.from('done'))).toBe(true);
    expect(isIdleDone(Buffer.from('DONE '))).toBe(false);
    expect(isIdleDone(Buffer.from('A1 DONE'))).toBe(false);
  });
});

describe('mailbox-only commands', () => {
  it('reads single mailboxes, RENAME, COPY/MOVE and UID EXPUNGE', () => {
    expect(parseMailboxArg(args('A1 CREATE "Archive/2024"'), 'CREATE')).toBe('Archive/2024');
    expect(parseMailboxArg(args('A1 DELETE &ZeVnLIqe-'), 'DELETE')).toBe('日本語');
    expect(parseRenameArgs(args('A1 RENAME Old "New Name"'))).toEqual({ from: 'Old', to: 'New Name' });
    expect(parseCopyArgs(args('A1 UID COPY 1:3,7 Archive'), 'UID COPY')).toEqual({
      sequence: [{ start: 1, end: 3 }, { start: 7, end: 7 }],
      mailbox: 'Archive',
    });
    expect(parseCopyArgs(args('A1 MOVE * Trash'), 'MOVE')).toEqual({ sequence: [{ start: '*', end: '*' }], mailbox: 'Trash' });
    expect(parseUidExpungeArgs(args('A1 UID EXPUNGE 4:6'))).toEqual([{ start: 4, end: 6 }]);
    expect(() => parseNoArgs(args('A1 NOOP'), 'NOOP')).not.toThrow();
  });

  it.each([
    [() => parseMailboxArg(args('A1 CREATE'), 'CREATE'), /CREATE: missing a mailbox name/],
    [() => parseMailboxArg(args('A1 CREATE a b'), 'CREATE'), /CREATE: unexpected extra argument "b"/],
    [() => parseRenameArgs(args('A1 RENAME a')), /RENAME: missing the new mailbox name/],
    [() => parseCopyArgs(args('A1 COPY Archive 1'), 'COPY'), /COPY: invalid sequence set "Archive"/],
    [() => parseCopyArgs(args('A1 COPY 1'), 'COPY'), /COPY: missing the destination mailbox/],
    [() => parseUidExpungeArgs(args('A1 UID EXPUNGE')), /UID EXPUNGE: missing a UID set/],
    [() => parseNoArgs(args('A1 NOOP now'), 'NOOP'), /NOOP: unexpected extra argument "now"/],
  ])('refuses %#', (run, message) => {
    const error = thrown(run);
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toMatch(message);
  });
});
