/**
 * The event log keeps one copy of each distinct text (events.ts): every device of a run tells the
 * same "got ..." for the same message. Measured as heap after a full collection, never timed.
 */
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/devices/events.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { heapAfterGc } from '../helpers/memory.js';

const EVENTS = 20_000;
const SUBJECT = 'A subject long enough that its text, not the event object, is most of what an event keeps: '.repeat(3);

/** Heap that `fill` leaves behind in a fresh log (kept alive until measured). */
function heapOf(fill: (log: EventLog) => void): number {
  const before = heapAfterGc();
  const log = new EventLog(new VirtualClock(0));
  fill(log);
  const after = heapAfterGc();
  expect(log.events).toHaveLength(EVENTS);
  return after - before;
}

describe('EventLog texts', () => {
  it('keeps equal texts once, however many devices tell them', () => {
    // 100 messages, each told by 200 devices: 100 distinct texts, each built afresh per event.
    const shared = heapOf((log) => {
      for (let i = 0; i < EVENTS; i++) log.record({ kind: 'download', device: `d${i % 200}`, message: `<${i % 100}@x>`, text: `got "${SUBJECT}${i % 100}" in INBOX` });
    });
    // The same number of events, every text different.
    const distinct = heapOf((log) => {
      for (let i = 0; i < EVENTS; i++) log.record({ kind: 'download', device: `d${i % 200}`, message: `<${i % 100}@x>`, text: `got "${SUBJECT}${i}" in INBOX` });
    });
    // ~300-character texts: 20,000 copies are ~6 MB, the events themselves ~2 MB.
    expect(distinct).toBeGreaterThan(5_000_000);
    expect(shared).toBeLessThan(distinct / 2);
  });

  it('records the text it was given', () => {
    const log = new EventLog(new VirtualClock(0));
    log.record({ kind: 'note', text: ['one', 'two'].join(' and ') });
    log.record({ kind: 'note', text: 'one and two' });
    expect(log.events.map((e) => e.text)).toEqual(['one and two', 'one and two']);
  });
});

describe('EventLog columns', () => {
  it('gives back every field as recorded, in order, whenever it is read, and counts without reading', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const log = new EventLog(clock);
    log.record({ kind: 'deliver', message: '<1@x>', subject: 'One', text: 'delivered' });
    await clock.advance(1500);
    log.record({ kind: 'server-flag', by: 'laptop', message: '<1@x>', subject: 'One', text: 'marked read' });
    expect(log.length).toBe(2);
    const first = log.events;
    expect(first).toEqual([
      { at: 1_700_000_000_000, seq: 1, kind: 'deliver', device: undefined, by: undefined, message: '<1@x>', subject: 'One', text: 'delivered', detail: undefined },
      { at: 1_700_000_001_500, seq: 2, kind: 'server-flag', device: undefined, by: 'laptop', message: '<1@x>', subject: 'One', text: 'marked read', detail: undefined },
    ]);
    // Recorded after a read: added on the next one, the earlier objects kept as they were.
    const kept = first[1];
    log.recordGroup({ kind: 'check', device: 'phone', text: 'checked' }, [{ kind: 'download', device: 'phone', message: '<1@x>', text: 'got it' }]);
    log.record({ kind: 'error', device: 'phone', text: 'failed', detail: false });
    expect(log.length).toBe(5);
    const all = log.events;
    expect(all[1]).toBe(kept);
    expect(all.slice(2).map((e) => [e.seq, e.kind, e.device, e.by, e.message, e.text, e.detail])).toEqual([
      [3, 'check', 'phone', undefined, undefined, 'checked', undefined],
      [4, 'download', 'phone', undefined, '<1@x>', 'got it', true],
      [5, 'error', 'phone', undefined, undefined, 'failed', false],
    ]);
    expect(log.events).toBe(all);
    expect(log.length).toBe(5);
  });
});

describe('EventLog groups', () => {
  it('records the summary first, then each detail marked as one, without changing the events it was given', () => {
    const log = new EventLog(new VirtualClock(0));
    const summary = { kind: 'check', device: 'phone', text: 'checked mail: 2 new' } as const;
    const details = [
      { kind: 'download', device: 'phone', message: '<1@x>', subject: 'One', text: 'got "One"' },
      { kind: 'download', device: 'phone', message: '<2@x>', subject: 'Two', text: 'got "Two"', detail: false },
    ] as const;
    log.recordGroup(summary, details);
    expect(log.events.map((e) => [e.seq, e.kind, e.text, e.detail])).toEqual([
      [1, 'check', 'checked mail: 2 new', undefined],
      [2, 'download', 'got "One"', true],
      [3, 'download', 'got "Two"', true],
    ]);
    expect(log.events[1]).toMatchObject({ device: 'phone', message: '<1@x>', subject: 'One' });
    expect(details[1].detail).toBe(false);
    // A lone record keeps the flag it was given.
    log.record(details[1]);
    expect(log.events[3]!.detail).toBe(false);
  });
});
