import type { RunEvent } from '../devices/events.js';
import type { DeliveredMessage, Latency } from './result.js';

/** The devices latencies are measured for: each is asked only about its own account's mail. */
export interface LatencyDevice {
  readonly name: string;
  readonly account: string;
}

/**
 * When each delivered message first showed on each device of its account: one number per pair in
 * a Float64Array (NaN: never), not an object. A run of 100 devices x 10,000 messages has a million
 * pairs; as objects with two boxed times they were about 90 MB of a 1.5 GB peak (heap snapshot of
 * 100 x 1,000), and the report's index of them as many again.
 *
 * Rows are the delivered messages in delivery order, columns the devices of the message's account
 * in scenario order, so iterating gives the pairs in the order the list of objects had.
 */
export class LatencyTable implements Iterable<Latency> {
  private readonly columns = new Map<string, { readonly names: readonly string[]; readonly index: ReadonlyMap<string, number> }>();
  /** Where each row's cells start in `visible`. */
  private readonly starts: Int32Array;
  private readonly visible: Float64Array;
  /** Message key -> its rows (a message delivered to two accounts, or twice, has several). */
  private readonly rowsByKey = new Map<string, number[]>();

  constructor(
    private readonly delivered: readonly DeliveredMessage[],
    devices: readonly LatencyDevice[],
  ) {
    const names = new Map<string, string[]>();
    for (const device of devices) {
      let list = names.get(device.account);
      if (!list) names.set(device.account, (list = []));
      list.push(device.name);
    }
    for (const [account, list] of names) this.columns.set(account, { names: list, index: new Map(list.map((name, i) => [name, i] as const)) });
    this.starts = new Int32Array(delivered.length + 1);
    delivered.forEach((message, row) => {
      this.starts[row + 1] = this.starts[row]! + this.devicesOf(message).length;
      const rows = this.rowsByKey.get(message.key);
      if (rows) rows.push(row);
      else this.rowsByKey.set(message.key, [row]);
    });
    this.visible = new Float64Array(this.starts[delivered.length]!).fill(Number.NaN);
  }

  /** Pairs: one per delivered message and device of its account. */
  get size(): number {
    return this.visible.length;
  }

  /** Takes the run's events in order: a device's first download of a message is when it showed. */
  record(events: Iterable<RunEvent>): this {
    for (const e of events) {
      if (e.kind !== 'download' || e.device === undefined || e.message === undefined) continue;
      for (const row of this.rowsByKey.get(e.message) ?? []) {
        const column = this.columnOf(row, e.device);
        if (column === undefined) continue;
        const cell = this.starts[row]! + column;
        if (Number.isNaN(this.visible[cell]!)) this.visible[cell] = e.at;
      }
    }
    return this;
  }

  /** The first pair of the message and device, as a scan of the pairs in order would find it. */
  get(key: string, device: string): Latency | undefined {
    for (const row of this.rowsByKey.get(key) ?? []) {
      const column = this.columnOf(row, device);
      if (column !== undefined) return this.latency(row, column);
    }
    return undefined;
  }

  *[Symbol.iterator](): Iterator<Latency> {
    for (let row = 0; row < this.delivered.length; row++) {
      const count = this.starts[row + 1]! - this.starts[row]!;
      for (let column = 0; column < count; column++) yield this.latency(row, column);
    }
  }

  private devicesOf(message: DeliveredMessage): readonly string[] {
    return this.columns.get(message.account)?.names ?? [];
  }

  private columnOf(row: number, device: string): number | undefined {
    return this.columns.get(this.delivered[row]!.account)?.index.get(device);
  }

  private latency(row: number, column: number): Latency {
    const { key, subject, deliveredAt, account } = this.delivered[row]!;
    const device = this.columns.get(account)!.names[column]!;
    const visibleAt = this.visible[this.starts[row]! + column]!;
    return Number.isNaN(visibleAt) ? { key, subject, device, deliveredAt } : { key, subject, device, deliveredAt, visibleAt };
  }
}
