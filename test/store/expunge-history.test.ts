import { describe, expect, it } from 'vitest';
import { ExpungeHistory, MAX_EXPUNGE_HISTORY } from '../../src/store/expunge-history.js';

describe('ExpungeHistory (what QRESYNC reports as VANISHED)', () => {
  it('tells which UIDs left after a mod-sequence', () => {
    const history = new ExpungeHistory();
    history.record([3, 5], 10);
    history.record([1], 12);
    expect(history.since(9)).toEqual({ uids: [1, 3, 5], complete: true });
    expect(history.since(10)).toEqual({ uids: [1], complete: true });
    expect(history.since(12)).toEqual({ uids: [], complete: true });
  });

  it('forgets the oldest half past its bound, and says so when asked about that time', () => {
    const history = new ExpungeHistory();
    for (let uid = 1; uid <= MAX_EXPUNGE_HISTORY + 1; uid++) history.record([uid], uid + 1);
    const old = history.since(1);
    expect(old.complete).toBe(false);
    expect(old.uids.length).toBe(MAX_EXPUNGE_HISTORY / 2);
    expect(history.since(MAX_EXPUNGE_HISTORY).complete).toBe(true);
  });
});
