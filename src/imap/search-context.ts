/**
 * CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267 4): a SEARCH or SORT with RETURN (UPDATE) stays alive
 * while the mailbox is selected, and the session is told, as the mailbox changes, which messages
 * joined or left the result: `* ESEARCH (TAG "a") UID ADDTO (0 7) REMOVEFROM (0 3)`. Positions are
 * 0 for SEARCH (an unordered set) and 1-based places in the sorted list for SORT. CANCELUPDATE ends
 * one. The updates live with the SelectedMailbox view, so leaving the mailbox ends them all.
 */
import type { CommandContext } from './command.js';
import { searchMessages } from './search-eval.js';
import type { Numbered, SelectedMailbox } from './selected.js';
import type { Comparator } from './sort/comparators.js';
import { sortMessages } from './sort/sort-messages.js';
import { atom, compactInOrder, type ImapValue, type SearchKey, type SortCriterion } from './syntax/index.js';

/**
 * Updating searches one session may keep (Dovecot's CLIENT_MAX_SEARCH_UPDATES is 10): each is run
 * again after every change to the mailbox, so the number bounds the work a change costs.
 */
export const MAX_SEARCH_UPDATES = 10;

interface SearchUpdate {
  readonly criteria: SearchKey;
  readonly sort: readonly SortCriterion[] | undefined;
  /** The result the client knows, in result order. */
  uids: number[];
}

const updates = new WeakMap<SelectedMailbox, Map<string, SearchUpdate>>();

export function registerSearchUpdate(ctx: CommandContext, search: { criteria: SearchKey; sort: readonly SortCriterion[] | undefined; initial: readonly Numbered[] }): void {
  const selected = ctx.session.selected;
  let byTag = updates.get(selected);
  if (!byTag) updates.set(selected, (byTag = new Map()));
  if (byTag.has(ctx.tag)) {
    ctx.sendStatus('NO', 'An updating search with this tag is already running; use another tag', { code: 'NOUPDATE', tag: ctx.tag });
    return;
  }
  if (byTag.size >= MAX_SEARCH_UPDATES) {
    ctx.sendStatus('NO', `At most ${MAX_SEARCH_UPDATES} updating searches at once; CANCELUPDATE one first`, { code: 'NOUPDATE', tag: ctx.tag });
    return;
  }
  byTag.set(ctx.tag, { criteria: search.criteria, sort: search.sort, uids: search.initial.map((n) => n.message.uid) });
}

/** Ends the updating searches with these tags; returns the tags that were not running. */
export function cancelSearchUpdates(selected: SelectedMailbox, tags: readonly string[]): string[] {
  const byTag = updates.get(selected);
  const unknown = tags.filter((tag) => !byTag?.has(tag));
  if (unknown.length === 0) for (const tag of tags) byTag!.delete(tag);
  return unknown;
}

/** After the view changed: an ESEARCH response per updating search whose result changed. */
export function searchUpdateResponses(selected: SelectedMailbox, now: number, comparator: Comparator): ImapValue[][] {
  const byTag = updates.get(selected);
  if (!byTag || byTag.size === 0) return [];
  const out: ImapValue[][] = [];
  for (const [tag, update] of byTag) {
    const found = searchMessages(selected, update.criteria, now);
    const result = (update.sort ? sortMessages(found, update.sort, comparator) : found).map((n) => n.message.uid);
    const changes = update.sort ? sortedChanges(update.uids, result) : setChanges(update.uids, result);
    update.uids = result;
    if (changes.length > 0) out.push([atom('ESEARCH'), [atom('TAG'), tag], atom('UID'), ...changes]);
  }
  return out;
}

/** SEARCH: REMOVEFROM (0 uids) then ADDTO (0 uids). */
function setChanges(before: readonly number[], after: readonly number[]): ImapValue[] {
  const now = new Set(after);
  const then = new Set(before);
  const removed = before.filter((uid) => !now.has(uid));
  const added = after.filter((uid) => !then.has(uid));
  const out: ImapValue[] = [];
  if (removed.length > 0) out.push(atom('REMOVEFROM'), [0, atom(compactInOrder(removed))]);
  if (added.length > 0) out.push(atom('ADDTO'), [0, atom(compactInOrder(added))]);
  return out;
}

/**
 * SORT: each removal as REMOVEFROM (position uid) in the list as it stands, then each addition as
 * ADDTO (position uid) at its place in the new list, so a client applying them in order ends with
 * the new result. A message that moved (its sort key changed) is removed and added again.
 */
function sortedChanges(before: readonly number[], after: readonly number[]): ImapValue[] {
  const out: ImapValue[] = [];
  const list = [...before];
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  // Remove what left, and what is no longer in its relative place.
  const stay = new Set(longestCommonSubsequence(list.filter((uid) => afterSet.has(uid)), after.filter((uid) => beforeSet.has(uid))));
  for (let i = 0; i < list.length; ) {
    if (stay.has(list[i]!)) {
      i++;
      continue;
    }
    out.push(atom('REMOVEFROM'), [i + 1, list[i]!]);
    list.splice(i, 1);
  }
  after.forEach((uid, index) => {
    if (list[index] === uid) return;
    list.splice(index, 0, uid);
    out.push(atom('ADDTO'), [index + 1, uid]);
  });
  return out;
}

/**
 * The longest common subsequence of two orderings of the same distinct numbers: the longest
 * increasing run of `a`'s items by their place in `b`, found in O(n log n) (patience sorting).
 */
function longestCommonSubsequence(a: readonly number[], b: readonly number[]): number[] {
  const place = new Map(b.map((uid, i) => [uid, i]));
  const positions = a.map((uid) => place.get(uid)!);
  const tails: number[] = [];
  const previous: number[] = new Array<number>(positions.length).fill(-1);
  for (let i = 0; i < positions.length; i++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (positions[tails[mid]!]! < positions[i]!) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  }
  const out: number[] = [];
  for (let i = tails.length === 0 ? -1 : tails[tails.length - 1]!; i >= 0; i = previous[i]!) out.unshift(a[i]!);
  return out;
}
