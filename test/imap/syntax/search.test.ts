import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_DEPTH } from '../../../src/imap/syntax/limits.js';
import { parseSearchArgs, type SearchKey } from '../../../src/imap/syntax/search.js';
import { parse, thrown } from './helpers.js';

const search = (args: string | Buffer, uid = false) => {
  const prefix = `A1 ${uid ? 'UID ' : ''}SEARCH`;
  const command = parse(typeof args === 'string' ? prefix + (args === '' ? '' : ' ' + args) : Buffer.concat([Buffer.from(prefix + ' '), args]));
  return parseSearchArgs(command.args, { uid: command.uid });
};
const criteria = (args: string | Buffer): SearchKey => search(args).criteria;
const day = (year: number, month: number, date: number) => ({ year, month, day: date });

describe('parseSearchArgs: every RFC 3501 and CONDSTORE key', () => {
  it.each<[string, SearchKey]>([
    ['ALL', { kind: 'all' }],
    ['ANSWERED', { kind: 'flag', flag: '\\Answered', set: true }],
    ['UNANSWERED', { kind: 'flag', flag: '\\Answered', set: false }],
    ['DELETED', { kind: 'flag', flag: '\\Deleted', set: true }],
    ['UNDELETED', { kind: 'flag', flag: '\\Deleted', set: false }],
    ['DRAFT', { kind: 'flag', flag: '\\Draft', set: true }],
    ['UNDRAFT', { kind: 'flag', flag: '\\Draft', set: false }],
    ['FLAGGED', { kind: 'flag', flag: '\\Flagged', set: true }],
    ['UNFLAGGED', { kind: 'flag', flag: '\\Flagged', set: false }],
    ['seen', { kind: 'flag', flag: '\\Seen', set: true }],
    ['UnSeen', { kind: 'flag', flag: '\\Seen', set: false }],
    ['KEYWORD $Forwarded', { kind: 'keyword', keyword: '$Forwarded', set: true }],
    ['UNKEYWORD Junk', { kind: 'keyword', keyword: 'Junk', set: false }],
    ['RECENT', { kind: 'recent' }],
    ['NEW', { kind: 'and', keys: [{ kind: 'recent' }, { kind: 'flag', flag: '\\Seen', set: false }] }],
    ['OLD', { kind: 'not', key: { kind: 'recent' } }],
    ['BCC bob', { kind: 'text', field: 'BCC', value: 'bob' }],
    ['CC "Bob Smith"', { kind: 'text', field: 'CC', value: 'Bob Smith' }],
    ['FROM alice@example.com', { kind: 'text', field: 'FROM', value: 'alice@example.com' }],
    ['TO ""', { kind: 'text', field: 'TO', value: '' }],
    ['SUBJECT {5+}\r\nhello', { kind: 'text', field: 'SUBJECT', value: 'hello' }],
    ['BODY "a \\"quoted\\" word"', { kind: 'text', field: 'BODY', value: 'a "quoted" word' }],
    ['TEXT nil', { kind: 'text', field: 'TEXT', value: 'nil' }],
    ['HEADER X-Spam yes', { kind: 'header', field: 'X-Spam', value: 'yes' }],
    ['HEADER "Message-ID" ""', { kind: 'header', field: 'Message-ID', value: '' }],
    ['BEFORE 1-Feb-2024', { kind: 'date', source: 'internal', op: 'before', date: day(2024, 2, 1) }],
    ['ON "01-Feb-2024"', { kind: 'date', source: 'internal', op: 'on', date: day(2024, 2, 1) }],
    ['SINCE " 1-feb-2024"', { kind: 'date', source: 'internal', op: 'since', date: day(2024, 2, 1) }],
    ['SENTBEFORE 31-Dec-1999', { kind: 'date', source: 'sent', op: 'before', date: day(1999, 12, 31) }],
    ['SENTON 29-Feb-2024', { kind: 'date', source: 'sent', op: 'on', date: day(2024, 2, 29) }],
    ['SENTSINCE 2-Jan-2024', { kind: 'date', source: 'sent', op: 'since', date: day(2024, 1, 2) }],
    ['LARGER 1000', { kind: 'size', op: 'larger', size: 1000 }],
    ['SMALLER 0', { kind: 'size', op: 'smaller', size: 0 }],
    ['UID 1:*', { kind: 'uid', set: [{ start: 1, end: '*' }] }],
    ['1:3,5', { kind: 'sequence', set: [{ start: 1, end: 3 }, { start: 5, end: 5 }] }],
    ['*', { kind: 'sequence', set: [{ start: '*', end: '*' }] }],
    ['NOT SEEN', { kind: 'not', key: { kind: 'flag', flag: '\\Seen', set: true } }],
    ['OR SEEN FLAGGED', { kind: 'or', left: { kind: 'flag', flag: '\\Seen', set: true }, right: { kind: 'flag', flag: '\\Flagged', set: true } }],
    ['(SEEN)', { kind: 'flag', flag: '\\Seen', set: true }],
    ['(SEEN FLAGGED)', { kind: 'and', keys: [{ kind: 'flag', flag: '\\Seen', set: true }, { kind: 'flag', flag: '\\Flagged', set: true }] }],
    ['MODSEQ 0', { kind: 'modseq', modseq: 0n }],
    ['MODSEQ 620162338', { kind: 'modseq', modseq: 620162338n }],
    ['MODSEQ "/flags/\\\\draft" all 620162338', { kind: 'modseq', modseq: 620162338n, entry: { name: '/flags/\\draft', type: 'all' } }],
    ['MODSEQ "/flags/$Junk" PRIV 5', { kind: 'modseq', modseq: 5n, entry: { name: '/flags/$Junk', type: 'priv' } }],
  ])('%s', (args, expected) => {
    expect(criteria(args)).toEqual(expected);
  });

  it('ANDs keys side by side and nests NOT, OR and groups', () => {
    expect(criteria('OR (FROM a TO b) NOT (SEEN OR DRAFT 1:2) UNDELETED')).toEqual({
      kind: 'and',
      keys: [
        {
          kind: 'or',
          left: { kind: 'and', keys: [{ kind: 'text', field: 'FROM', value: 'a' }, { kind: 'text', field: 'TO', value: 'b' }] },
          right: {
            kind: 'not',
            key: {
              kind: 'and',
              keys: [
                { kind: 'flag', flag: '\\Seen', set: true },
                { kind: 'or', left: { kind: 'flag', flag: '\\Draft', set: true }, right: { kind: 'sequence', set: [{ start: 1, end: 2 }] } },
              ],
            },
          },
        },
        { kind: 'flag', flag: '\\Deleted', set: false },
      ],
    });
  });

  it('decodes UTF-8 literals and reads CHARSET case-insensitively', () => {
    const utf8 = Buffer.from('Grüße', 'utf8');
    expect(search(Buffer.concat([Buffer.from(`charset utf-8 SUBJECT {${utf8.length}}\r\n`), utf8]))).toEqual({
      charset: 'UTF-8',
      criteria: { kind: 'text', field: 'SUBJECT', value: 'Grüße' },
    });
    expect(search('CHARSET "us-ascii" ALL').charset).toBe('US-ASCII');
    expect(search('ALL').charset).toBe('US-ASCII');
  });

  it('allows search keys nested MAX_SEARCH_DEPTH deep', () => {
    expect(() => criteria('NOT '.repeat(MAX_SEARCH_DEPTH - 1) + 'ALL')).not.toThrow();
  });
});

describe('parseSearchArgs: refusals', () => {
  it.each([
    ['', 'SYNTAX', /missing a search key/],
    ['CHARSET X-MARTIAN ALL', 'BADCHARSET', /charset "X-MARTIAN" is not supported/],
    ['CHARSET', 'SYNTAX', /missing a charset name/],
    ['CHARSET UTF-8', 'SYNTAX', /missing a search key/],
    ['ALL CHARSET UTF-8', 'SYNTAX', /CHARSET must come first/],
    ['RETURN (FROB) ALL', 'SYNTAX', /unknown return option FROB/],
    ['RETURN (PARTIAL 1:5 ALL) ALL', 'SYNTAX', /PARTIAL and ALL cannot be combined/],
    ['RETURN (PARTIAL 0:5) ALL', 'SYNTAX', /invalid PARTIAL range/],
    ['RETURN (PARTIAL -1:5) ALL', 'SYNTAX', /invalid PARTIAL range/],
    ['OLDER 0', 'SYNTAX', /greater than 0/],
    ['FOO', 'SYNTAX', /unknown search key "FOO"/],
    ['UNRECENT', 'SYNTAX', /unknown search key/],
    ['"ALL"', 'SYNTAX', /expected a search key as argument 1, got a quoted string/],
    ['()', 'SYNTAX', /empty search key group/],
    ['FROM', 'SYNTAX', /missing the FROM search string/],
    ['FROM (a)', 'SYNTAX', /expected the FROM search string/],
    ['HEADER Subject', 'SYNTAX', /missing the HEADER search string/],
    ['KEYWORD', 'SYNTAX', /missing a keyword/],
    ['KEYWORD \\Seen', 'SYNTAX', /expected a keyword \(an atom, not a system flag\)/],
    ['KEYWORD "Junk"', 'SYNTAX', /expected a keyword/],
    ['BEFORE', 'SYNTAX', /missing a date after BEFORE/],
    ['BEFORE 2024-01-01', 'SYNTAX', /SEARCH: invalid date "2024-01-01"/],
    ['ON 30-Feb-2024', 'SYNTAX', /has no day 30/],
    ['LARGER', 'SYNTAX', /missing a size after LARGER/],
    ['LARGER -1', 'SYNTAX', /must be a number/],
    ['SMALLER big', 'SYNTAX', /must be a number/],
    ['UID', 'SYNTAX', /missing a UID set/],
    ['UID x', 'SYNTAX', /invalid sequence set "x"/],
    ['0', 'SYNTAX', /not a number above 0/],
    ['NOT', 'SYNTAX', /missing a search key/],
    ['OR SEEN', 'SYNTAX', /missing a search key/],
    ['MODSEQ', 'SYNTAX', /missing the MODSEQ value/],
    ['MODSEQ x', 'SYNTAX', /mod-sequence number/],
    ['MODSEQ "/flags/\\\\Seen" 5', 'SYNTAX', /entry type must be priv, shared or all, got "5"/],
    ['MODSEQ "/flags/\\\\Seen" any 5', 'SYNTAX', /entry type must be priv, shared or all/],
    ['MODSEQ "/flags/\\\\Seen" all', 'SYNTAX', /missing the MODSEQ value/],
  ])('SEARCH %s -> %s', (args, code, message) => {
    const error = thrown(() => search(args));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses search keys nested deeper than MAX_SEARCH_DEPTH', () => {
    expect(thrown(() => criteria('NOT '.repeat(MAX_SEARCH_DEPTH) + 'ALL')).code).toBe('TOO_DEEP');
    expect(thrown(() => criteria('OR '.repeat(MAX_SEARCH_DEPTH) + 'ALL '.repeat(MAX_SEARCH_DEPTH + 1).trim())).code).toBe('TOO_DEEP');
  });

  it('refuses literals that are not UTF-8', () => {
    expect(thrown(() => search(Buffer.from('SUBJECT {1}\r\n\xff', 'latin1'))).message).toMatch(/not valid UTF-8/);
  });

  it('names UID SEARCH in its messages', () => {
    expect(thrown(() => search('FROM', true)).message).toMatch(/^UID SEARCH: /);
  });
});
