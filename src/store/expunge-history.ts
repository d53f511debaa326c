/**
 * Which UIDs left a mailbox at which mod-sequence: what QRESYNC (RFC 7162 3.2.5, 3.2.6) needs to
 * tell a reconnecting client "these are gone since your modseq" (VANISHED (EARLIER)).
 */

/**
 * Expunged UIDs one mailbox remembers. A mailbox that has seen more expunges forgets the oldest
 * half; asked about a time before what it remembers, it says so (`complete: false`), and the
 * protocol then reports every UID not present as possibly vanished, which RFC 7162 3.2.5.2 allows.
 */
export const MAX_EXPUNGE_HISTORY = 100_000;

export interface VanishedSince {
  /** UIDs expunged at a mod-sequence above the one asked about, ascending. */
  readonly uids: number[];
  /** False when history older than the asked modseq was forgotten, so `uids` may miss some. */
  readonly complete: boolean;
}

export class ExpungeHistory {
  private entries: { readonly uid: number; readonly modseq: number }[] = [];
  /** Expunges at or below this modseq were forgotten. */
  private forgottenUpTo = 0;

  record(uids: readonly number[], modseq: number): void {
    for (const uid of uids) this.entries.push({ uid, modseq });
    if (this.entries.length > MAX_EXPUNGE_HISTORY) {
      const drop = this.entries.length - MAX_EXPUNGE_HISTORY / 2;
      this.forgottenUpTo = this.entries[drop - 1]!.modseq;
      this.entries = this.entries.slice(drop);
    }
  }

  since(modseq: number): VanishedSince {
    const uids = this.entries.filter((e) => e.modseq > modseq).map((e) => e.uid);
    return { uids: uids.sort((a, b) => a - b), complete: modseq >= this.forgottenUpTo };
  }
}
