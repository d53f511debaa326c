/**
 * Work started in order and finished in order, with a bound on how much is started and not yet
 * finished: a deliver step hands messages to the pipelined SMTP link without waiting for each
 * answer, and records each, oldest first, once it is answered. `add` waits (finishing the oldest)
 * while the bound is reached; `drain` finishes the rest. The first failure is thrown when its item
 * is finished; items after it are still awaited by `drain`, never left unhandled.
 */
export class InOrderWindow<T> {
  private readonly waiting: { readonly item: T; readonly octets: number; readonly failure: Promise<unknown> }[] = [];
  private octets = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxOctets: number,
    /** Called for each finished item, in the order the items were added. */
    private readonly finished: (item: T) => void,
  ) {}

  /** Items started and not yet finished. */
  get size(): number {
    return this.waiting.length;
  }

  /** Octets of those items. */
  get octetsInFlight(): number {
    return this.octets;
  }

  /** Takes `item`, whose work `done` settles, then finishes the oldest while past a bound. */
  async add(item: T, octets: number, done: Promise<unknown>): Promise<void> {
    // Held as a value, so a failure that comes while an earlier item is awaited is never unhandled.
    const failure = done.then(
      () => undefined,
      (error: unknown) => error ?? new Error('failed'),
    );
    this.waiting.push({ item, octets, failure });
    this.octets += octets;
    while (this.waiting.length >= this.maxItems || (this.waiting.length > 0 && this.octets >= this.maxOctets)) await this.finishOldest();
  }

  /** Finishes every item still in flight. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0) await this.finishOldest();
  }

  private async finishOldest(): Promise<void> {
    const { item, octets, failure } = this.waiting.shift()!;
    this.octets -= octets;
    const error = await failure;
    if (error !== undefined) throw error;
    this.finished(item);
  }
}
