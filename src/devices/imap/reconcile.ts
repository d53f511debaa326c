/**
 * Reconciliation of a folder mirror with the server, as pure functions over UIDs and flags, so the
 * rules a client lives by can be tested without a socket:
 * - a UID the server lists that the mirror lacks is fetched, whatever its value (new mail above the
 *   highest known UID, or a message this device had dropped locally and must show again, e.g. after
 *   a failed MOVE);
 * - a UID the mirror holds that the server no longer lists is gone (expunged or moved elsewhere);
 * - the server's flags win over the mirror's.
 */

export interface UidDifference {
  /** On the server, not in the mirror: to fetch, ascending. */
  readonly missing: readonly number[];
  /** In the mirror, not on the server: to drop, ascending. */
  readonly extra: readonly number[];
}

export function diffUids(mirror: Iterable<number>, server: Iterable<number>): UidDifference {
  const mine = new Set(mirror);
  const theirs = new Set(server);
  const missing = [...theirs].filter((uid) => !mine.has(uid)).sort((a, b) => a - b);
  const extra = [...mine].filter((uid) => !theirs.has(uid)).sort((a, b) => a - b);
  return { missing, extra };
}

/** The flags a device shows for a message. */
export interface ShownFlags {
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly deleted: boolean;
}

export function shownFlags(flags: ReadonlySet<string> | undefined): ShownFlags {
  return { seen: flags?.has('\\Seen') ?? false, flagged: flags?.has('\\Flagged') ?? false, deleted: flags?.has('\\Deleted') ?? false };
}

/** What changes on the device when the server's flags replace the shown ones, in words ("read", "unflagged"). */
export function flagChanges(shown: ShownFlags, server: ShownFlags): string[] {
  const changes: string[] = [];
  if (server.seen !== shown.seen) changes.push(server.seen ? 'read' : 'unread');
  if (server.flagged !== shown.flagged) changes.push(server.flagged ? 'flagged' : 'unflagged');
  if (server.deleted !== shown.deleted) changes.push(server.deleted ? 'marked deleted' : 'no longer marked deleted');
  return changes;
}

/**
 * Packs ascending UIDs into an IMAP sequence set ("3,5:9"), so a folder's missing messages are
 * fetched in one command rather than one per message.
 */
export function uidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < uids.length; ) {
    let j = i;
    while (j + 1 < uids.length && uids[j + 1] === uids[j]! + 1) j++;
    parts.push(i === j ? String(uids[i]) : `${uids[i]}:${uids[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
