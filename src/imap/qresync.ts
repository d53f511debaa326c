/**
 * QRESYNC (RFC 7162 3.2): what a reconnecting client missed. `* VANISHED (EARLIER) uids` names the
 * messages expunged since the mod-sequence it knows (limited to the UIDs it asks about), from the
 * mailbox's expunge history; when that history no longer reaches back so far, every UID in range
 * that no longer exists is named, which RFC 7162 3.2.5.2 allows ("MAY ... UIDs ... expunged earlier").
 */
import type { Mailbox } from '../store/mailbox.js';
import { modSeqNumber } from './message-set.js';
import { atom, compactSequenceSet, setContains, type ImapValue, type SequenceSet } from './syntax/index.js';

/** UIDs expunged after `modseq`, within `within` (every UID when undefined), ascending. */
export function vanishedSince(mailbox: Mailbox, modseq: bigint, within: SequenceSet | undefined): number[] {
  const star = mailbox.uidNext - 1;
  const inRange = (uid: number): boolean => within === undefined || setContains(within, uid, star);
  const history = mailbox.expungeHistory.since(modSeqNumber(modseq));
  if (history.complete) return history.uids.filter(inRange);
  // History forgotten: everything in range that is not here may have vanished.
  const present = new Set(mailbox.messages.map((m) => m.uid));
  const out: number[] = [];
  const ranges = within ?? [{ start: 1, end: star }];
  for (const { start, end } of ranges) {
    const a = start === '*' ? star : start;
    const b = end === '*' ? star : end;
    // Bounded by uidNext: UIDs above it were never given out.
    for (let uid = Math.min(a, b); uid <= Math.min(Math.max(a, b), star); uid++) if (!present.has(uid)) out.push(uid);
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

/** `* VANISHED (EARLIER) 3:5,9`, or nothing when no UID vanished. */
export function vanishedEarlier(uids: readonly number[]): ImapValue[] | undefined {
  if (uids.length === 0) return undefined;
  return [atom('VANISHED'), [atom('EARLIER')], atom(compactSequenceSet(uids))];
}
