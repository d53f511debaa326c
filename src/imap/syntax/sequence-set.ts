/**
 * Sequence sets (RFC 3501 9: sequence-set), kept symbolic - "*" stays "*" - because its meaning
 * depends on the mailbox at the moment the command runs: the number of messages for sequence
 * numbers, the largest UID for UIDs. resolve*() turns a set into numbers against a mailbox view.
 */
import { syntaxError } from './errors.js';

/** A message number or "*" (the largest number in use). */
export type SequenceValue = number | '*';

/** `5` is { start: 5, end: 5 }; `7:9`, `4:2` (reversed is valid) and `*:4` keep their order. */
export interface SequenceRange {
  readonly start: SequenceValue;
  readonly end: SequenceValue;
}

export type SequenceSet = readonly SequenceRange[];

/** nz-number is 32-bit unsigned in RFC 3501 (and UIDs are). */
const MAX_NZ_NUMBER = 0xffffffff;

function parseValue(text: string, whole: string): SequenceValue {
  if (text === '*') return '*';
  if (!/^[1-9][0-9]*$/.test(text)) {
    throw syntaxError('SYNTAX', `invalid sequence set "${whole}": "${text}" is not a number above 0 or "*"`);
  }
  const value = Number(text);
  if (value > MAX_NZ_NUMBER) throw syntaxError('SYNTAX', `invalid sequence set "${whole}": ${text} is above 4294967295`);
  return value;
}

/**
 * "$": the result the last SEARCH RETURN (SAVE) kept (SEARCHRES, RFC 5182). Never combined with
 * other numbers (seq-or-saved = sequence-set / "$"); compare with isSavedResult().
 */
export const SAVED_RESULT: SequenceSet = Object.freeze([]) as SequenceSet;

export function isSavedResult(set: SequenceSet): boolean {
  return set === SAVED_RESULT;
}

/** Parses `1:*`, `5,7:9`, `*:4`, `*`, and "$" as SAVED_RESULT (commands without SEARCHRES refuse it). */
export function parseSequenceSet(text: string): SequenceSet {
  if (text === '$') return SAVED_RESULT;
  if (text === '') throw syntaxError('SYNTAX', 'empty sequence set');
  return text.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon === -1) {
      const value = parseValue(part, text);
      return { start: value, end: value };
    }
    return { start: parseValue(part.slice(0, colon), text), end: parseValue(part.slice(colon + 1), text) };
  });
}

/** True when the text looks like a sequence set (starts with a digit or "*"); for SEARCH keys. */
export function looksLikeSequenceSet(text: string): boolean {
  return /^[0-9*$]/.test(text);
}

/** Prints a set as the client wrote it (normalised), for transcripts and error messages. */
export function formatSequenceSet(set: SequenceSet): string {
  if (isSavedResult(set)) return '$';
  return set.map(({ start, end }) => (start === end ? `${start}` : `${start}:${end}`)).join(',');
}

/** The ranges as ordered [low, high] pairs with "*" replaced by `star`, merged and sorted. */
function numericRanges(set: SequenceSet, star: number): Array<[number, number]> {
  // FETCH n, FETCH 1:*: one range, nothing to sort or merge (most commands clients send).
  if (set.length === 1) return [orderedRange(set[0]!, star)];
  const ranges = set.map((range) => orderedRange(range, star)).sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** One range as [low, high] with "*" replaced by `star` (3:1 is 1:3). */
function orderedRange({ start, end }: SequenceSet[number], star: number): [number, number] {
  const a = start === '*' ? star : start;
  const b = end === '*' ? star : end;
  return a <= b ? [a, b] : [b, a];
}

/**
 * True when every number of the set is a message in a mailbox of `messageCount` messages. RFC 3501
 * 9 calls a sequence number beyond the mailbox an error, unlike a missing UID, so the session checks
 * this first and answers BAD; "*" in an empty mailbox is out of range too.
 */
export function isSequenceSetInRange(set: SequenceSet, messageCount: number): boolean {
  return set.every(({ start, end }) => {
    const a = start === '*' ? messageCount : start;
    const b = end === '*' ? messageCount : end;
    return a >= 1 && b >= 1 && a <= messageCount && b <= messageCount;
  });
}

/**
 * Message sequence numbers of the set, ascending and unique, "*" being `messageCount`. Numbers
 * beyond the mailbox are dropped (see isSequenceSetInRange to reject them instead).
 */
export function resolveSequenceSet(set: SequenceSet, messageCount: number): number[] {
  const numbers: number[] = [];
  forEachSequenceNumber(set, messageCount, (n) => numbers.push(n));
  return numbers;
}

/** Calls `each` with the numbers resolveSequenceSet lists, in its order, without making the list. */
export function forEachSequenceNumber(set: SequenceSet, messageCount: number, each: (n: number) => void): void {
  if (messageCount < 1) return;
  for (const [low, high] of numericRanges(set, messageCount)) {
    for (let n = Math.max(1, low); n <= Math.min(high, messageCount); n++) each(n);
  }
}

/**
 * The existing UIDs the set names, ascending. `uids` must be ascending (a mailbox view). "*" is the
 * largest UID in the mailbox, so a range n:* with n above it still includes the largest UID
 * (RFC 3501 6.4.8, 9) - clients rely on `UID FETCH <uidnext>:*` returning the last message when
 * nothing is new. UIDs that do not exist are ignored, never an error. With no messages, "*" has no
 * value and the set names nothing.
 */
export function resolveUidSet(set: SequenceSet, uids: readonly number[], largestUid = uids[uids.length - 1] ?? 0): number[] {
  const found: number[] = [];
  if (uids.length === 0) return found;
  for (const [low, high] of numericRanges(set, largestUid)) {
    for (let i = lowerBound(uids.length, (index) => uids[index]!, low); i < uids.length && uids[i]! <= high; i++) found.push(uids[i]!);
  }
  return found;
}

/**
 * The same as resolveUidSet, as positions: the indexes (ascending) of the `count` UIDs, read
 * through `uidAt`, that the set names. Each range is found by binary search, so a UID command on
 * one message costs a few reads of a 100,000-message view, not a pass over it.
 */
export function resolveUidIndexes(set: SequenceSet, count: number, uidAt: (index: number) => number): number[] {
  const found: number[] = [];
  if (count === 0) return found;
  for (const [low, high] of numericRanges(set, uidAt(count - 1))) {
    for (let i = lowerBound(count, uidAt, low); i < count && uidAt(i) <= high; i++) found.push(i);
  }
  return found;
}

/** True when `value` is in the set, "*" standing for `star` (for UIDs that no longer exist). */
export function setContains(set: SequenceSet, value: number, star: number): boolean {
  return set.some(({ start, end }) => {
    const a = start === '*' ? star : start;
    const b = end === '*' ? star : end;
    return value >= Math.min(a, b) && value <= Math.max(a, b);
  });
}

/** The first index whose value (read through `at`, ascending over `count` indexes) is >= value. */
function lowerBound(count: number, at: (index: number) => number, value: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted, de-duplicated numbers as a compact set: [5, 1, 2, 3] -> "1:3,5". For MODIFIED, SEARCH. */
export function compactSequenceSet(numbers: Iterable<number>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  return compactInOrder(sorted);
}

/**
 * Numbers compacted in the order given, joining only ascending consecutive runs: [3, 4, 1] ->
 * "3:4,1". COPYUID pairs its source and destination sets position by position (RFC 4315 3), so
 * both must be written in the same order, which sorting one of them could break.
 */
export function compactInOrder(numbers: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < numbers.length) {
    const start = numbers[i]!;
    let end = start;
    while (i + 1 < numbers.length && numbers[i + 1] === end + 1) end = numbers[++i]!;
    parts.push(start === end ? `${start}` : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}
