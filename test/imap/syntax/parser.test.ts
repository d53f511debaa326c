import { describe, expect, it } from 'vitest';
import { parseLoginArgs } from '../../../src/imap/syntax/auth-args.js';
import { ImapSyntaxError } from '../../../src/imap/syntax/errors.js';
import { MAX_NESTING_DEPTH } from '../../../src/imap/syntax/limits.js';
import type { Token } from '../../../src/imap/syntax/tokens.js';
import { parse, thrown } from './helpers.js';

const atom = (value: string): Token => ({ kind: 'atom', value });
const quoted = (value: string): Token => ({ kind: 'quoted', value });
const list = (...items: Token[]): Token => ({ kind: 'list', items });
const literal = (value: string, nonSync = true): Token => ({ kind: 'literal', value: Buffer.from(value, 'latin1'), nonSync });

describe('parseCommand: valid commands', () => {
  const cases: Array<[string, { tag: string; command: string; uid?: boolean; args: Token[] }]> = [
    ['A1 NOOP', { tag: 'A1', command: 'NOOP', args: [] }],
    ['a.1 noop', { tag: 'a.1', command: 'NOOP', args: [] }],
    ['x]1 Capability', { tag: 'x]1', command: 'CAPABILITY', args: [] }],
    ['A1 UID FETCH 1:* FLAGS', { tag: 'A1', command: 'FETCH', uid: true, args: [atom('1:*'), atom('FLAGS')] }],
    ['A1 uid search ALL', { tag: 'A1', command: 'SEARCH', uid: true, args: [atom('ALL')] }],
    ['A1 UID EXPUNGE 4:6', { tag: 'A1', command: 'EXPUNGE', uid: true, args: [atom('4:6')] }],
    ['A1 LOGIN "us\\"er" "p\\\\ss"', { tag: 'A1', command: 'LOGIN', args: [quoted('us"er'), quoted('p\\ss')] }],
    ['A1 LOGIN "" "pässwörd"', { tag: 'A1', command: 'LOGIN', args: [quoted(''), { kind: 'quoted', value: 'pässwörd', raw: Buffer.from('pässwörd') }] }],
    ['A1 LOGIN {4+}\r\nuser {4+}\r\npass', { tag: 'A1', command: 'LOGIN', args: [literal('user'), literal('pass')] }],
    ['A1 LOGIN {4}\r\nuser pass', { tag: 'A1', command: 'LOGIN', args: [literal('user', false), atom('pass')] }],
    ['A1 ID NIL', { tag: 'A1', command: 'ID', args: [{ kind: 'nil', text: 'NIL' }] }],
    ['A1 SELECT nil', { tag: 'A1', command: 'SELECT', args: [{ kind: 'nil', text: 'nil' }] }],
    ['A1 X (a (b "c") ())', { tag: 'A1', command: 'X', args: [list(atom('a'), list(atom('b'), quoted('c')), list())] }],
    ['A1 X ({3+}\r\nabc def)', { tag: 'A1', command: 'X', args: [list(literal('abc'), atom('def'))] }],
    ['A1 SELECT foo[bar]', { tag: 'A1', command: 'SELECT', args: [atom('foo[bar]')] }],
    ['A1 LIST "" *', { tag: 'A1', command: 'LIST', args: [quoted(''), atom('*')] }],
    ['A1 LIST "" a/%/b]', { tag: 'A1', command: 'LIST', args: [quoted(''), atom('a/%/b]')] }],
    ['A1 STORE 1 +FLAGS (\\Seen $Label)', { tag: 'A1', command: 'STORE', args: [atom('1'), atom('+FLAGS'), list(atom('\\Seen'), atom('$Label'))] }],
    [
      'A1 FETCH 1 (BODY.PEEK[1.2.MIME]<0.2048> BODY[HEADER.FIELDS (SUBJECT "FROM")] body[])',
      {
        tag: 'A1',
        command: 'FETCH',
        args: [
          atom('1'),
          list(
            { kind: 'section', name: 'BODY.PEEK', section: [atom('1.2.MIME')], partial: '0.2048' },
            { kind: 'section', name: 'BODY', section: [atom('HEADER.FIELDS'), list(atom('SUBJECT'), quoted('FROM'))], partial: undefined },
            { kind: 'section', name: 'BODY', section: [], partial: undefined },
          ),
        ],
      },
    ],
    [
      'A1 FETCH 1 BODY[HEADER.FIELDS ({7+}\r\nSubject)]',
      { tag: 'A1', command: 'FETCH', args: [atom('1'), { kind: 'section', name: 'BODY', section: [atom('HEADER.FIELDS'), list(literal('Subject'))], partial: undefined }] },
    ],
  ];

  it.each(cases)('%j', (line, expected) => {
    expect(parse(line)).toEqual({ uid: false, ...expected });
  });
});

describe('parseCommand: invalid commands', () => {
  const cases: Array<[string, string, string | undefined, RegExp]> = [
    ['', 'INVALID_TAG', undefined, /empty command line/],
    ['* NOOP', 'INVALID_TAG', undefined, /tag/],
    ['+ NOOP', 'INVALID_TAG', undefined, /tag/],
    ['A+1 NOOP', 'INVALID_TAG', undefined, /tag/],
    ['A"1 NOOP', 'INVALID_TAG', undefined, /tag/],
    ['(A1) NOOP', 'INVALID_TAG', undefined, /tag/],
    ['{3+}\r\nabc', 'INVALID_TAG', undefined, /tag/],
    [' A1 NOOP', 'INVALID_TAG', undefined, /tag/],
    ['A1', 'SYNTAX', 'A1', /missing command name/],
    ['A1  NOOP', 'SYNTAX', 'A1', /expected a command name/],
    ['A1 NOOP ', 'SYNTAX', 'A1', /unexpected end of line/],
    ['A1 SELECT  INBOX', 'SYNTAX', 'A1', /unexpected " "|unexpected byte 0x20/],
    ['A1 UID', 'SYNTAX', 'A1', /UID must be followed/],
    ['A1 UID LOGIN a b', 'SYNTAX', 'A1', /UID LOGIN is not a command/],
    ['A1 LOGIN "abc', 'SYNTAX', 'A1', /unterminated quoted string/],
    ['A1 LOGIN "a\\b"', 'SYNTAX', 'A1', /invalid escape/],
    ['A1 LOGIN "a\rb" c', 'SYNTAX', 'A1', /byte 0x0d is not allowed/],
    ['A1 LOGIN "a\0b" c', 'SYNTAX', 'A1', /byte 0x00 is not allowed/],
    ['A1 X (a b', 'SYNTAX', 'A1', /unterminated list/],
    ['A1 X a)', 'SYNTAX', 'A1', /expected a space before argument 2, found "\)"/],
    ['A1 X (a)(b)', 'SYNTAX', 'A1', /expected a space/],
    ['A1 X a\0b', 'SYNTAX', 'A1', /byte 0x00/],
    ['A1 X café', 'SYNTAX', 'A1', /byte 0xc3/],
    ['A1 X {3}abc', 'SYNTAX', 'A1', /literal marker/],
    ['A1 APPEND INBOX ~{5}', 'UNSUPPORTED', 'A1', /literal8/],
    ['A1 FETCH 1 BODY[1', 'SYNTAX', 'A1', /unterminated section/],
    ['A1 FETCH 1 BODY[1]x', 'SYNTAX', 'A1', /unexpected "x" after BODY/],
    ['A1 FETCH 1 BODY[]<0.10', 'SYNTAX', 'A1', /unterminated partial/],
    ['A1 X ' + '('.repeat(MAX_NESTING_DEPTH + 1) + ')'.repeat(MAX_NESTING_DEPTH + 1), 'TOO_DEEP', 'A1', /nested deeper/],
  ];

  it.each(cases)('%j -> %s', (line, code, tag, message) => {
    const error = thrown(() => parse(line));
    expect(error).toBeInstanceOf(ImapSyntaxError);
    expect(error.code).toBe(code);
    expect(error.tag).toBe(tag);
    expect(error.message).toMatch(message);
  });

  it('accepts lists nested exactly MAX_NESTING_DEPTH deep', () => {
    const line = 'A1 X ' + '('.repeat(MAX_NESTING_DEPTH) + ')'.repeat(MAX_NESTING_DEPTH);
    expect(parse(line).args).toHaveLength(1);
  });

  it('keeps the octets of a quoted string that is not UTF-8, which only SEARCH CHARSET may read', () => {
    const command = parse(Buffer.from('A1 LOGIN "\xff" x\r\n', 'latin1'));
    expect(command.args[0]).toEqual({ kind: 'quoted', value: '\xff', raw: Buffer.from([0xff]), invalidUtf8: true });
    const error = thrown(() => parseLoginArgs(command.args));
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it('keeps a literal with NUL octets (APPEND bodies are stored as sent)', () => {
    const parsed = parse(Buffer.from('A1 APPEND INBOX {3+}\r\na\0b\r\n', 'latin1'));
    expect(parsed.args[1]).toEqual(literal('a\0b'));
  });

  it('refuses a literal8 framed with its octets (~{n+})', () => {
    expect(thrown(() => parse(Buffer.from('A1 APPEND INBOX ~{2+}\r\nab\r\n', 'latin1'))).code).toBe('UNSUPPORTED');
  });
});
