/**
 * Wire text of FETCH items that come out the same every time they are asked for, so a client that
 * syncs a mailbox again (FETCH 1:* (FLAGS), a header listing with ENVELOPE) costs a lookup per
 * message instead of building and serializing the item again. One cache per IMAP service, shared
 * by its connections: every session sees the same stored octets and flags.
 *
 * - FLAGS: per flag set, valid while its version (every change bumps it) is the one it was built at.
 *   One entry per stored message at most, held weakly: it goes with the message.
 * - ENVELOPE, BODY, BODYSTRUCTURE: per stored message octets (which never change), held weakly
 *   too, so an entry never keeps an expunged message's bytes alive; and bounded by
 *   MAX_CACHED_STRUCTURE_OCTETS, oldest entry out first.
 */
import type { FlagSet } from '../store/flags.js';
import { flagAtoms, serializeValueText, type ImapValue } from './syntax/index.js';

/**
 * Octets of cached ENVELOPE / BODY / BODYSTRUCTURE text over the whole server. A plain message's
 * ENVELOPE and BODYSTRUCTURE take about 500 octets together, so this keeps a 50,000-message
 * mailbox's structure, enough for a client's header listing of any mailbox people keep; a MIME
 * bomb's BODYSTRUCTURE (MAX_MIME_PARTS parts) takes a few hundred kilobytes and pushes older
 * entries out rather than growing the cache. Entries leave oldest first (a sync walks a mailbox
 * in order, so recency would keep nothing a plain age order does not).
 */
export const MAX_CACHED_STRUCTURE_OCTETS = 32 * 1024 * 1024;

/** What one cached text costs beyond its octets (its queue entry, weak reference, map slot). */
const ENTRY_OVERHEAD_OCTETS = 128;

/** The items whose text depends only on the stored octets. */
export type StructureItem = 'ENVELOPE' | 'BODY' | 'BODYSTRUCTURE';

interface FlagsEntry {
  readonly version: number;
  /** The list, e.g. `(\Seen $Forwarded)`. */
  readonly text: string;
  /** The same with \Recent, made when a session first asks for it. */
  withRecent?: string;
}

type StructureEntry = { [K in StructureItem]?: string };

/** One cached text in age order: what to forget, and how much that gives back. */
interface Aged {
  readonly raw: WeakRef<Buffer>;
  readonly item: StructureItem;
  readonly octets: number;
}

export class ResponseCache {
  private readonly flags = new WeakMap<FlagSet, FlagsEntry>();
  private readonly structures = new WeakMap<Buffer, StructureEntry>();
  /** Every cached text, oldest first from `oldest` on (a queue without shifting the array). */
  private aged: Aged[] = [];
  private oldest = 0;
  /**
   * Octets of the texts in `aged`. A text whose message is gone (collected) still counts until it
   * reaches the front, so this may overstate what is held, never understate it.
   */
  private structureOctets = 0;
  /** Items built and serialized because the cache did not have them (the tests count these). */
  serializations = 0;

  constructor(private readonly maxStructureOctets = MAX_CACHED_STRUCTURE_OCTETS) {}

  /** `(\Seen \Flagged)`, with ` \Recent` added for a session that reports it for this message. */
  flagsText(flags: FlagSet, recent: boolean): string {
    let entry = this.flags.get(flags);
    if (entry === undefined || entry.version !== flags.version) {
      this.serializations++;
      entry = { version: flags.version, text: serializeValueText(flagAtoms(flags.toArray())) };
      this.flags.set(flags, entry);
    }
    if (!recent) return entry.text;
    return (entry.withRecent ??= entry.text === '()' ? '(\\Recent)' : `${entry.text.slice(0, -1)} \\Recent)`);
  }

  /** The wire text of ENVELOPE, BODY or BODYSTRUCTURE of the message stored as `raw`. */
  structureText(item: StructureItem, raw: Buffer, build: () => ImapValue): string {
    let entry = this.structures.get(raw);
    const cached = entry?.[item];
    if (cached !== undefined) return cached;
    this.serializations++;
    const text = serializeValueText(build());
    // Too big to be worth keeping (it would push out thousands of ordinary entries).
    if (text.length > this.maxStructureOctets / 16) return text;
    if (entry === undefined) {
      entry = {};
      this.structures.set(raw, entry);
    }
    entry[item] = text;
    const octets = text.length + ENTRY_OVERHEAD_OCTETS;
    this.aged.push({ raw: new WeakRef(raw), item, octets });
    this.structureOctets += octets;
    this.evict();
    return text;
  }

  /** Octets counted against MAX_CACHED_STRUCTURE_OCTETS now (for tests of the bound). */
  get cachedStructureOctets(): number {
    return this.structureOctets;
  }

  private evict(): void {
    while (this.structureOctets > this.maxStructureOctets && this.oldest < this.aged.length) {
      const { raw, item, octets } = this.aged[this.oldest++]!;
      this.structureOctets -= octets;
      const buffer = raw.deref();
      const entry = buffer === undefined ? undefined : this.structures.get(buffer);
      if (entry) delete entry[item];
    }
    // Drop the forgotten front once it is most of the array.
    if (this.oldest > 1024 && this.oldest * 2 > this.aged.length) {
      this.aged = this.aged.slice(this.oldest);
      this.oldest = 0;
    }
  }
}
