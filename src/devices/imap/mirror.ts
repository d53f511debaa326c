import type { LocalMessage, LocalStore } from '../local-store.js';

/**
 * What an IMAP client remembers of one server folder between syncs: its UIDVALIDITY, the highest
 * mod-sequence it has seen (CONDSTORE), and which local message stands for which UID.
 */
export class FolderMirror {
  private readonly byUid = new Map<number, LocalMessage>();
  private readonly uidOf = new Map<LocalMessage, number>();
  /** The highest mod-sequence seen for this folder: the next CHANGEDSINCE (RFC 7162 3.3.1). */
  highestModSeq?: bigint;
  /** The device's connection number when the folder was last synced. */
  session = 0;

  /** Raises highestModSeq to `modseq` (mod-sequences only grow, so the maximum is what we know). */
  noteModSeq(modseq: bigint): void {
    if (this.highestModSeq === undefined || modseq > this.highestModSeq) this.highestModSeq = modseq;
  }

  constructor(
    readonly folder: string,
    readonly uidValidity: bigint,
    private readonly local: LocalStore,
  ) {}

  get maxUid(): number {
    let max = 0;
    for (const uid of this.byUid.keys()) if (uid > max) max = uid;
    return max;
  }

  get size(): number {
    return this.byUid.size;
  }

  uids(): number[] {
    return [...this.byUid.keys()].sort((a, b) => a - b);
  }

  message(uid: number): LocalMessage | undefined {
    return this.byUid.get(uid);
  }

  uid(message: LocalMessage): number | undefined {
    return this.uidOf.get(message);
  }

  add(uid: number, message: LocalMessage): void {
    this.byUid.set(uid, message);
    this.uidOf.set(message, uid);
    this.local.add(this.folder, message);
  }

  remove(uid: number): LocalMessage | undefined {
    const message = this.byUid.get(uid);
    if (!message) return undefined;
    this.byUid.delete(uid);
    this.uidOf.delete(message);
    this.local.remove(this.folder, message);
    return message;
  }

  /** Forgets everything (UIDVALIDITY changed: every cached UID is meaningless, RFC 3501 2.3.1.1). */
  clear(): LocalMessage[] {
    const dropped = [...this.byUid.keys()].map((uid) => this.remove(uid)!);
    this.highestModSeq = undefined;
    return dropped;
  }
}
