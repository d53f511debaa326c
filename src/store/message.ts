import { FlagSet } from './flags.js';

/**
 * One stored message in one mailbox. Raw bytes, size, uid and internal date never change; flags and
 * modseq change only through Mailbox methods, so every change reaches the journal.
 */
export class Message {
  /** Mutated only by Mailbox; read it through `flags`. */
  readonly flagSet: FlagSet;
  /** CONDSTORE mod-sequence of the last change to this message (RFC 7162). */
  modseq: number;
  /** Set when the message leaves its mailbox; sessions may still hold it in their sequence view. */
  expunged = false;

  constructor(
    /** Stable, store-wide id: never reused, never changes. POP3 UIDL uses it. */
    readonly id: string,
    readonly uid: number,
    readonly raw: Buffer,
    /** Milliseconds since the epoch, from the store's clock at delivery or from APPEND. */
    readonly internalDate: number,
    flags: Iterable<string>,
    modseq: number,
    /** When it was saved in this mailbox (SAVEDATE, RFC 8514): the clock's now at append, not APPEND's date. */
    readonly savedAt: number = internalDate,
  ) {
    this.flagSet = new FlagSet(flags);
    this.modseq = modseq;
  }

  get size(): number {
    return this.raw.length;
  }

  /** Sorted flag names. */
  get flags(): string[] {
    return this.flagSet.toArray();
  }

  hasFlag(flag: string): boolean {
    return this.flagSet.has(flag);
  }
}
