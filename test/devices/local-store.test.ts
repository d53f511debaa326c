import { describe, expect, it } from 'vitest';
import { INBOX, LocalStore, type LocalMessage } from '../../src/devices/local-store.js';

function message(key: string, date: number | undefined, firstSeenAt = 0): LocalMessage {
  return { key, subject: key, from: 'carol@example.com', ...(date === undefined ? {} : { date }), seen: false, flagged: false, deleted: false, headersOnly: false, firstSeenAt };
}

const keys = (store: LocalStore, folder = INBOX): string[] => store.ordered(folder).map((m) => m.key);

describe('LocalStore display order', () => {
  it('is oldest first by Date, else by first sight, and in order of arrival where those are equal', () => {
    const store = new LocalStore();
    for (const m of [message('late', 300), message('tie-1', 100), message('undated', undefined, 200), message('tie-2', 100), message('early', 50)]) store.add(INBOX, m);
    expect(keys(store)).toEqual(['early', 'tie-1', 'tie-2', 'undated', 'late']);
  });

  it('a message moved away and back arrives again: it follows the ties already there', () => {
    const store = new LocalStore();
    const [a, b, c] = [message('a', 100), message('b', 100), message('c', 100)];
    for (const m of [a, b, c]) store.add(INBOX, m);
    expect(store.remove(INBOX, a)).toBe(true);
    store.add('Archive', a);
    expect(keys(store)).toEqual(['b', 'c']);
    expect(keys(store, 'Archive')).toEqual(['a']);
    store.remove('Archive', a);
    store.add(INBOX, a);
    expect(keys(store)).toEqual(['b', 'c', 'a']);
    expect(store.snapshot().map((f) => [f.name, f.messages.map((m) => m.key)])).toEqual([[INBOX, ['b', 'c', 'a']]]);
  });

  it('counts copies, so holds() answers without a scan', () => {
    const store = new LocalStore();
    const a = message('a', 1);
    store.add(INBOX, a);
    store.add('Archive', { ...a });
    expect(store.holds('a')).toBe(true);
    store.remove(INBOX, a);
    expect(store.holds('a')).toBe(true);
    expect(store.remove(INBOX, a)).toBe(false);
    store.remove('Archive', store.ordered('Archive')[0]!);
    expect(store.holds('a')).toBe(false);
  });
});
