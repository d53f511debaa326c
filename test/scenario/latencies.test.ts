/**
 * The latency table against the plain list it replaced: for every delivered message and every
 * device of its account, in that order, the device's first download of the message.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RunEvent } from '../../src/devices/events.js';
import { LatencyTable, type LatencyDevice } from '../../src/scenario/latencies.js';
import type { DeliveredMessage, Latency } from '../../src/scenario/result.js';

/** What measureLatencies returned before the table: one object per pair, by a scan of everything. */
function asList(delivered: readonly DeliveredMessage[], devices: readonly LatencyDevice[], events: readonly RunEvent[]): Latency[] {
  const out: Latency[] = [];
  for (const m of delivered) {
    for (const d of devices.filter((x) => x.account === m.account)) {
      const first = events.find((e) => e.kind === 'download' && e.device === d.name && e.message === m.key);
      out.push(first ? { key: m.key, subject: m.subject, device: d.name, deliveredAt: m.deliveredAt, visibleAt: first.at } : { key: m.key, subject: m.subject, device: d.name, deliveredAt: m.deliveredAt });
    }
  }
  return out;
}

const devices: LatencyDevice[] = [
  { name: 'laptop', account: 'alice@example.com' },
  { name: 'phone', account: 'alice@example.com' },
  { name: 'desk', account: 'bob@example.com' },
];

function delivered(key: string, account: string, deliveredAt: number): DeliveredMessage {
  return { key, subject: `subject of ${key}`, from: 'carol@example.com', account, deliveredAt };
}

function download(seq: number, at: number, device: string, message: string): RunEvent {
  return { at, seq, kind: 'download', device, message, text: 'got it' };
}

describe('LatencyTable', () => {
  it('pairs each message with its own account’s devices, first download wins, never is undefined', () => {
    const mail = [delivered('<a@x>', 'alice@example.com', 1000), delivered('<b@x>', 'bob@example.com', 2000)];
    const events = [
      download(1, 1500, 'phone', '<a@x>'),
      download(2, 1700, 'phone', '<a@x>'), // again: the first one counts
      download(3, 1600, 'desk', '<a@x>'), // not desk's account: ignored
      { at: 1800, seq: 4, kind: 'read', device: 'laptop', message: '<a@x>', text: 'read it' } as RunEvent,
      download(5, 2500, 'desk', '<b@x>'),
    ];
    const table = new LatencyTable(mail, devices).record(events);
    expect([...table]).toEqual([
      { key: '<a@x>', subject: 'subject of <a@x>', device: 'laptop', deliveredAt: 1000 },
      { key: '<a@x>', subject: 'subject of <a@x>', device: 'phone', deliveredAt: 1000, visibleAt: 1500 },
      { key: '<b@x>', subject: 'subject of <b@x>', device: 'desk', deliveredAt: 2000, visibleAt: 2500 },
    ]);
    expect(table.size).toBe(3);
    expect(table.get('<a@x>', 'phone')?.visibleAt).toBe(1500);
    expect(table.get('<a@x>', 'laptop')).toEqual({ key: '<a@x>', subject: 'subject of <a@x>', device: 'laptop', deliveredAt: 1000 });
    expect(table.get('<a@x>', 'desk')).toBeUndefined();
    expect(table.get('<nobody@x>', 'phone')).toBeUndefined();
  });

  it('a message delivered to two accounts, or twice, has a row each; get finds the first', () => {
    const mail = [delivered('<a@x>', 'bob@example.com', 1000), delivered('<a@x>', 'alice@example.com', 1000), delivered('<a@x>', 'alice@example.com', 3000)];
    const table = new LatencyTable(mail, devices).record([download(1, 1200, 'phone', '<a@x>'), download(2, 1300, 'desk', '<a@x>')]);
    expect([...table].map((l) => [l.device, l.deliveredAt, l.visibleAt])).toEqual([
      ['desk', 1000, 1300],
      ['laptop', 1000, undefined],
      ['phone', 1000, 1200],
      ['laptop', 3000, undefined],
      ['phone', 3000, 1200],
    ]);
    expect(table.get('<a@x>', 'phone')?.deliveredAt).toBe(1000);
    expect(table.get('<a@x>', 'desk')?.visibleAt).toBe(1300);
  });

  it('an account without devices has no pairs', () => {
    const table = new LatencyTable([delivered('<a@x>', 'nobody@example.com', 1)], devices).record([]);
    expect(table.size).toBe(0);
    expect([...table]).toEqual([]);
  });

  it('is the list it replaced, for any messages and downloads', () => {
    const keys = ['<a@x>', '<b@x>', '<c@x>'];
    const accounts = ['alice@example.com', 'bob@example.com'];
    const names = devices.map((d) => d.name);
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.constantFrom(...keys), account: fc.constantFrom(...accounts), at: fc.nat(10_000) }), { maxLength: 8 }),
        fc.array(fc.record({ device: fc.constantFrom(...names), key: fc.constantFrom(...keys), at: fc.nat(10_000) }), { maxLength: 20 }),
        (mail, downloads) => {
          const messages = mail.map((m) => delivered(m.key, m.account, m.at));
          const events = downloads.map((d, i) => download(i + 1, d.at, d.device, d.key));
          const table = new LatencyTable(messages, devices).record(events);
          const list = asList(messages, devices, events);
          expect([...table]).toEqual(list);
          for (const key of keys) for (const name of names) expect(table.get(key, name)).toEqual(list.find((l) => l.key === key && l.device === name));
        },
      ),
    );
  });
});
