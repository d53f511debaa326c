import { describe, expect, it } from 'vitest';
import { diffUids, flagChanges, shownFlags, uidSet } from '../../../src/devices/imap/reconcile.js';

describe('diffUids', () => {
  it('finds what to fetch and what to drop, both ways, in ascending order', () => {
    expect(diffUids([1, 2, 3, 7], [2, 3, 4, 9, 1])).toEqual({ missing: [4, 9], extra: [7] });
  });

  it('fetches a UID below the highest known one: a message the device dropped but the server kept', () => {
    // The failed-MOVE case: the device removed UID 2 locally, the server still has it.
    expect(diffUids([1, 3], [1, 2, 3])).toEqual({ missing: [2], extra: [] });
  });

  it('notices an expunge and a delivery that leave the count unchanged', () => {
    expect(diffUids([1, 2], [2, 3])).toEqual({ missing: [3], extra: [1] });
  });

  it('is empty when the sets agree, however ordered', () => {
    expect(diffUids([3, 1, 2], [1, 2, 3])).toEqual({ missing: [], extra: [] });
  });
});

describe('flags', () => {
  it('reads \\Seen, \\Flagged and \\Deleted', () => {
    expect(shownFlags(new Set(['\\Seen', '$Label1', '\\Deleted']))).toEqual({ seen: true, flagged: false, deleted: true });
    expect(shownFlags(undefined)).toEqual({ seen: false, flagged: false, deleted: false });
  });

  it('names each change the server\'s flags make, in words', () => {
    expect(flagChanges({ seen: false, flagged: true, deleted: false }, { seen: true, flagged: false, deleted: true })).toEqual(['read', 'unflagged', 'marked deleted']);
    expect(flagChanges({ seen: true, flagged: false, deleted: false }, { seen: true, flagged: false, deleted: false })).toEqual([]);
  });
});

describe('uidSet', () => {
  it('packs runs into ranges', () => {
    expect(uidSet([1, 2, 3, 5, 7, 8])).toBe('1:3,5,7:8');
    expect(uidSet([4])).toBe('4');
    expect(uidSet([])).toBe('');
  });
});
