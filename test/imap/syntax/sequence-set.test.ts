import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactInOrder,
  compactSequenceSet,
  formatSequenceSet,
  isSequenceSetInRange,
  parseSequenceSet,
  resolveSequenceSet,
  resolveUidIndexes,
  resolveUidSet,
} from '../../../src/imap/syntax/sequence-set.js';
import { thrown } from './helpers.js';

describe('parseSequenceSet', () => {
  it.each([
    ['1', [{ start: 1, end: 1 }]],
    ['*', [{ start: '*', end: '*' }]],
    ['1:*', [{ start: 1, end: '*' }]],
    ['*:4', [{ start: '*', end: 4 }]],
    ['4:2', [{ start: 4, end: 2 }]],
    ['5,7:9', [{ start: 5, end: 5 }, { start: 7, end: 9 }]],
    ['4294967295', [{ start: 4294967295, end: 4294967295 }]],
  ])('%s', (text, expected) => {
    expect(parseSequenceSet(text)).toEqual(expected);
    expect(formatSequenceSet(parseSequenceSet(text))).toBe(text);
  });

  it.each([
    ['', 'SYNTAX', /empty/],
    ['0', 'SYNTAX', /"0" is not a number above 0/],
    ['1:0', 'SYNTAX', /"0"/],
    ['01', 'SYNTAX', /"01"/],
    ['1,', 'SYNTAX', /""/],
    [',1', 'SYNTAX', /""/],
    ['1::2', 'SYNTAX', /":2"/],
    ['1:2:3', 'SYNTAX', /"2:3"/],
    ['a', 'SYNTAX', /"a"/],
    ['-1', 'SYNTAX', /"-1"/],
    ['4294967296', 'SYNTAX', /above 4294967295/],
  ])('refuses %j', (text, code, message) => {
    const error = thrown(() => parseSequenceSet(text));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('resolveSequenceSet (message sequence numbers)', () => {
  it.each([
    ['1:*', 5, [1, 2, 3, 4, 5]],
    ['*', 5, [5]],
    ['*:4', 5, [4, 5]],
    ['4:2', 5, [2, 3, 4]],
    ['5,7:9', 10, [5, 7, 8, 9]],
    ['3,1:4,2', 10, [1, 2, 3, 4]],
    ['2:*,1', 3, [1, 2, 3]],
    ['3:10', 5, [3, 4, 5]],
    ['1:4294967295', 3, [1, 2, 3]],
    ['1:*', 0, []],
    ['*', 0, []],
  ])('%s with %d messages', (text, count, expected) => {
    expect(resolveSequenceSet(parseSequenceSet(text), count)).toEqual(expected);
  });

  it.each([
    ['1:*', 5, true],
    ['5', 5, true],
    ['6', 5, false],
    ['3:6', 5, false],
    ['*', 0, false],
    ['1', 0, false],
  ])('isSequenceSetInRange(%s, %d) is %s', (text, count, expected) => {
    expect(isSequenceSetInRange(parseSequenceSet(text), count)).toBe(expected);
  });
});

describe('resolveUidSet', () => {
  const uids = [3, 7, 8, 20, 21];

  it.each([
    ['1:*', [3, 7, 8, 20, 21]],
    ['*', [21]],
    ['8', [8]],
    ['9', []],
    ['4:8', [7, 8]],
    ['8:4', [7, 8]],
    ['21:*', [21]],
    // RFC 3501: "*" is the largest UID, so n:* with n above it still names the last message
    ['100:*', [21]],
    ['*:100', [21]],
    ['1:2,22:30', []],
    ['20,3,7:8,3', [3, 7, 8, 20]],
  ])('%s', (text, expected) => {
    expect(resolveUidSet(parseSequenceSet(text), uids)).toEqual(expected);
  });

  it('names nothing in an empty mailbox, even with "*"', () => {
    expect(resolveUidSet(parseSequenceSet('1:*'), [])).toEqual([]);
    expect(resolveUidSet(parseSequenceSet('*'), [])).toEqual([]);
  });

  it('takes the largest UID from the caller when given', () => {
    expect(resolveUidSet(parseSequenceSet('*'), [3, 7], 7)).toEqual([7]);
    expect(resolveUidSet(parseSequenceSet('5:*'), [3, 7, 9], 7)).toEqual([7]);
  });
});

describe('compacting sets for responses', () => {
  it.each([
    [[1, 2, 3, 5], '1:3,5'],
    [[5, 3, 1, 2, 2], '1:3,5'],
    [[7], '7'],
    [[], ''],
    [[1, 3, 5], '1,3,5'],
  ])('compactSequenceSet(%j) = %s', (numbers, expected) => {
    expect(compactSequenceSet(numbers)).toBe(expected);
  });

  it('keeps the given order for COPYUID pairs', () => {
    expect(compactInOrder([3, 4, 1, 2, 9])).toBe('3:4,1:2,9');
    expect(compactInOrder([10, 11, 12])).toBe('10:12');
  });
});

describe('resolveUidIndexes (UID commands against a session view)', () => {
  const value = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant('*'));
  const setText = fc.array(fc.tuple(value, fc.option(value, { nil: undefined })), { minLength: 1, maxLength: 4 }).map((parts) => parts.map(([a, b]) => (b === undefined ? `${a}` : `${a}:${b}`)).join(','));
  const uidList = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 30 }).map((uids) => uids.sort((a, b) => a - b));

  it('names the positions of exactly the UIDs resolveUidSet names', () => {
    fc.assert(
      fc.property(setText, uidList, (text, uids) => {
        const set = parseSequenceSet(text);
        expect(resolveUidIndexes(set, uids.length, (i) => uids[i]!).map((i) => uids[i])).toEqual(resolveUidSet(set, uids));
      }),
      { numRuns: 1000, seed: 20261202 },
    );
  });

  it('reads a few UIDs of a large view for one message, not all of them', () => {
    const uids = Array.from({ length: 100_000 }, (_, i) => 3 * i + 1);
    let reads = 0;
    const uidAt = (i: number) => (reads++, uids[i]!);
    expect(resolveUidIndexes(parseSequenceSet('150001'), uids.length, uidAt)).toEqual([50_000]);
    expect(reads).toBeLessThan(40);
    reads = 0;
    expect(resolveUidIndexes(parseSequenceSet('299990:*'), uids.length, uidAt)).toEqual([99_997, 99_998, 99_999]);
    expect(reads).toBeLessThan(50);
  });
});

describe('resolveSequenceSet against the plain reading', () => {
  const value = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant('*'));
  // One range as often as several: the one-range case has a path of its own.
  const setText = fc.array(fc.tuple(value, fc.option(value, { nil: undefined })), { minLength: 1, maxLength: 4 }).map((parts) => parts.map(([a, b]) => (b === undefined ? `${a}` : `${a}:${b}`)).join(','));

  it('lists every number of every range that exists, ascending, once', () => {
    fc.assert(
      fc.property(fc.oneof(setText, value.map(String)), fc.integer({ min: 0, max: 30 }), (text, count) => {
        const expected = new Set<number>();
        for (const part of text.split(',')) {
          const [a, b = a] = part.split(':').map((v) => (v === '*' ? count : Number(v)));
          for (let n = Math.min(a!, b!); n <= Math.max(a!, b!); n++) if (n >= 1 && n <= count) expected.add(n);
        }
        expect(resolveSequenceSet(parseSequenceSet(text), count)).toEqual([...expected].sort((x, y) => x - y));
      }),
      { numRuns: 2000, seed: 20261202 },
    );
  });
});
