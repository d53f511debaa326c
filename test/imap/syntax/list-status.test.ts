import { describe, expect, it } from 'vitest';
import { parseListArgs, parseLsubArgs } from '../../../src/imap/syntax/list-args.js';
import { joinReference, listPatternMatcher } from '../../../src/imap/syntax/list-pattern.js';
import { parseStatusArgs } from '../../../src/imap/syntax/status-items.js';
import { parse, thrown } from './helpers.js';

const list = (args: string) => parseListArgs(parse(`A1 LIST ${args}`).args);
const plainSelection = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
const plainReturn = { subscribed: false, children: false, specialUse: false, status: undefined };

describe('parseListArgs', () => {
  it.each([
    ['"" *', { extended: false, reference: '', patterns: ['*'] }],
    ['"" %', { extended: false, reference: '', patterns: ['%'] }],
    ['"" ""', { extended: false, reference: '', patterns: [''] }],
    ['Archive/ %/2024', { extended: false, reference: 'Archive/', patterns: ['%/2024'] }],
    ['"" "Entw&APw-rfe/*"', { extended: false, reference: '', patterns: ['Entwürfe/*'] }],
    ['"" Entw&APw-rfe/%', { extended: false, reference: '', patterns: ['Entwürfe/%'] }],
    ['"" {1+}\r\n*', { extended: false, reference: '', patterns: ['*'] }],
    ['"" (INBOX Sent/*)', { extended: true, reference: '', patterns: ['INBOX', 'Sent/*'] }],
    // Not modified UTF-7: no name can match, so the pattern drops out (LIST answers with nothing).
    ['"" "&Jjo"', { extended: false, reference: '', patterns: [] }],
    ['"" ("&Jjo" INBOX)', { extended: true, reference: '', patterns: ['INBOX'] }],
  ])('LIST %j', (args, expected) => {
    expect(list(args)).toEqual({ selection: plainSelection, returns: plainReturn, ...expected });
  });

  it('reads selection and return options (RFC 5258, 5819, 6154)', () => {
    expect(list('(SUBSCRIBED RECURSIVEMATCH special-use) "" "*" RETURN (CHILDREN SPECIAL-USE SUBSCRIBED STATUS (MESSAGES UNSEEN))')).toEqual({
      extended: true,
      selection: { subscribed: true, remote: false, recursiveMatch: true, specialUse: true },
      reference: '',
      patterns: ['*'],
      returns: { subscribed: true, children: true, specialUse: true, status: ['MESSAGES', 'UNSEEN'] },
    });
    expect(list('() "" % RETURN ()')).toEqual({ extended: true, selection: plainSelection, reference: '', patterns: ['%'], returns: plainReturn });
    expect(list('(REMOTE) "" %').selection.remote).toBe(true);
  });

  it('reads what imapflow sends for a listing with status', () => {
    expect(list('"" "*" RETURN (STATUS (MESSAGES) SPECIAL-USE CHILDREN SUBSCRIBED)').returns).toEqual({
      subscribed: true,
      children: true,
      specialUse: true,
      status: ['MESSAGES'],
    });
  });

  it.each([
    ['', 'SYNTAX', /LIST: missing a reference name/],
    ['""', 'SYNTAX', /missing a mailbox pattern/],
    ['"" * extra', 'SYNTAX', /unexpected extra argument/],
    ['(FOO) "" *', 'SYNTAX', /unknown selection option "FOO"/],
    ['(RECURSIVEMATCH) "" *', 'SYNTAX', /RECURSIVEMATCH must be combined/],
    ['(RECURSIVEMATCH REMOTE) "" *', 'SYNTAX', /RECURSIVEMATCH must be combined/],
    ['"" * RETURN (FOO)', 'SYNTAX', /unknown return option "FOO"/],
    ['"" * RETURN (STATUS)', 'SYNTAX', /missing a STATUS item list after STATUS/],
    ['"" * RETURN (STATUS ())', 'SYNTAX', /empty STATUS item list/],
    ['"" * RETURN (STATUS (UNDELETED))', 'SYNTAX', /unknown STATUS item "UNDELETED"/],
    ['"" * RETURN CHILDREN', 'SYNTAX', /expected return options after RETURN/],
    ['"" ()', 'SYNTAX', /empty pattern list/],
    ['"" a\\b', 'SYNTAX', /expected a mailbox pattern/],
  ])('LIST %j -> %s', (args, code, message) => {
    const error = thrown(() => parseListArgs(parse(`A1 LIST${args === '' ? '' : ' ' + args}`).args));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('reads LSUB', () => {
    expect(parseLsubArgs(parse('A1 LSUB "" "*"').args)).toEqual({ reference: '', pattern: '*' });
    expect(thrown(() => parseLsubArgs(parse('A1 LSUB "" * x').args)).message).toMatch(/LSUB: unexpected extra argument/);
  });
});

describe('LIST pattern matching', () => {
  const names = ['INBOX', 'INBOX/Sub', 'Archive', 'Archive/2023', 'Archive/2024', 'Archive/2024/Q1', 'Entwürfe', 'Sent', 'a*b'];
  const match = (pattern: string) => names.filter(listPatternMatcher(pattern));

  it.each([
    ['*', names],
    ['%', ['INBOX', 'Archive', 'Entwürfe', 'Sent', 'a*b']],
    ['Archive/%', ['Archive/2023', 'Archive/2024']],
    ['Archive/*', ['Archive/2023', 'Archive/2024', 'Archive/2024/Q1']],
    ['Archive*', ['Archive', 'Archive/2023', 'Archive/2024', 'Archive/2024/Q1']],
    ['Archive%', ['Archive']],
    ['%/%', ['INBOX/Sub', 'Archive/2023', 'Archive/2024']],
    ['*/Q1', ['Archive/2024/Q1']],
    ['*2*', ['Archive/2023', 'Archive/2024', 'Archive/2024/Q1']],
    ['inbox', ['INBOX']],
    ['Inbox/%', ['INBOX/Sub']],
    ['inboxes', []],
    ['archive', []],
    ['Entw%', ['Entwürfe']],
    ['', []],
    ['S***t', ['Sent']],
  ])('%j', (pattern, expected) => {
    expect(match(pattern)).toEqual(expected);
  });

  it('is not exponential on patterns full of wildcards', () => {
    const matcher = listPatternMatcher('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b');
    expect(matcher('a'.repeat(200))).toBe(false);
  });

  it('joins reference and pattern as RFC 3501 6.3.8 describes', () => {
    expect(joinReference('', '*')).toBe('*');
    expect(joinReference('Archive/', '%')).toBe('Archive/%');
    expect(joinReference('#news.', 'comp.mail.*', '.')).toBe('#news.comp.mail.*');
    expect(joinReference('~smith/Mail/', '/usr/doc/foo')).toBe('/usr/doc/foo');
  });
});

describe('parseStatusArgs', () => {
  it('reads the mailbox and items, upper-cased and de-duplicated', () => {
    expect(parseStatusArgs(parse('A1 STATUS Entw&APw-rfe (messages UIDNEXT uidvalidity UNSEEN RECENT HIGHESTMODSEQ SIZE MESSAGES)').args)).toEqual({
      mailbox: 'Entwürfe',
      items: ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'RECENT', 'HIGHESTMODSEQ', 'SIZE'],
    });
  });

  it.each([
    ['INBOX', /missing a parenthesized list of STATUS items/],
    ['INBOX MESSAGES', /expected a parenthesized list of STATUS items/],
    ['INBOX ()', /STATUS: empty STATUS item list/],
    ['INBOX (MESSAGES FOO)', /unknown STATUS item "FOO"/],
    ['INBOX ("MESSAGES")', /unknown STATUS item a quoted string/],
    ['INBOX (MESSAGES) x', /unexpected extra argument/],
  ])('STATUS %s', (args, message) => {
    const error = thrown(() => parseStatusArgs(parse(`A1 STATUS ${args}`).args));
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toMatch(message);
  });
});
