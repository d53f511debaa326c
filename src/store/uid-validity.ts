/**
 * UIDVALIDITY values (RFC 3501 2.3.1.1). A client keeps (mailbox name, UIDVALIDITY, UID) as the
 * name of a message forever, so a value must never come back with other mail behind it, and after
 * a restart that lost the UIDs it "MUST be greater than the one used in the earlier session".
 *
 * The store is in memory: the previous process's values are gone, so the clock must carry the
 * order. A value is the number of quarter seconds since UIDVALIDITY_EPOCH, and a name created again
 * within the same quarter second gets the last value plus one. Different names may share a value
 * (RFC 3501 allows it), so creating many mailboxes at once does not run ahead of the clock: a
 * server started a quarter second after the last one stopped hands out only greater values. With
 * seconds and a counter per mailbox, as before, two `serve` runs in one second repeated them.
 */

/** 2020-01-01T00:00:00Z: quarter seconds since then fit 32 bits until 2054. */
export const UIDVALIDITY_EPOCH_MS = Date.UTC(2020, 0, 1);

/**
 * Resolution of UIDVALIDITY: a quarter second. Finer would wrap 32 bits sooner; coarser would let a
 * quick restart (well under a second, as `mailsim serve` restarts) repeat a value.
 */
export const UIDVALIDITY_TICK_MS = 250;

/**
 * Names tracked at once. Only names created within the current tick need their last value (any
 * later tick is greater anyway), so past this the stale ones are dropped.
 */
const MAX_TRACKED_NAMES = 1_000;

const MAX_UIDVALIDITY = 0xffff_ffff;

/** The tick of a clock time, at least 1 (an nz-number), at most 2^32 - 1. */
export function uidValidityTick(ms: number): number {
  const tick = Math.floor((ms - UIDVALIDITY_EPOCH_MS) / UIDVALIDITY_TICK_MS) + 1;
  return Math.min(MAX_UIDVALIDITY, Math.max(1, tick));
}

/** Hands out UIDVALIDITY per mailbox name. A store has its own; startServer shares one per process. */
export class UidValidityAllocator {
  private readonly last = new Map<string, number>();

  /** The UIDVALIDITY of a mailbox being created now under `key` (account and name). */
  next(key: string, now: number): number {
    const tick = uidValidityTick(now);
    const value = Math.min(MAX_UIDVALIDITY, Math.max(tick, (this.last.get(key) ?? 0) + 1));
    this.last.set(key, value);
    if (this.last.size > MAX_TRACKED_NAMES) {
      for (const [name, issued] of this.last) if (issued < tick) this.last.delete(name);
    }
    return value;
  }
}
