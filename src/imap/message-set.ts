import type { CommandContext } from './command.js';
import type { ImapFeatures } from './features.js';
import { bad } from './errors.js';
import type { Numbered } from './selected.js';
import { formatSequenceSet, isSavedResult, isSequenceSetInRange, type SequenceSet } from './syntax/index.js';

/** Longest piece of a client's set quoted back in an error; imapflow sends sets of any length. */
const MAX_QUOTED_SET = 40;

/**
 * The messages a FETCH, STORE, COPY or MOVE set names in this session's view, in sequence order.
 *
 * UID forms: UIDs that do not exist are skipped, never an error (RFC 3501 6.4.8). Sequence numbers:
 * one beyond the view - "*" in an empty mailbox included - is BAD, as RFC 3501 9 (seq-number) and
 * RFC 9051 9 say; imapflow never sends a sequence set to an empty mailbox for that reason. The view
 * is what the client was last told, so expunged messages not yet reported still count.
 */
export function messagesOf(ctx: CommandContext, set: SequenceSet): Numbered[] {
  const selected = ctx.session.selected;
  if (isSavedResult(set)) return selected.savedMessages();
  if (ctx.uid) return selected.byUid(set);
  if (!isSequenceSetInRange(set, selected.count)) {
    let text = formatSequenceSet(set);
    if (text.length > MAX_QUOTED_SET) text = `${text.slice(0, MAX_QUOTED_SET)}...`;
    const size = selected.count === 0 ? 'the mailbox is empty' : `the mailbox has ${selected.count} message${selected.count === 1 ? '' : 's'}`;
    throw bad(`Message sequence number out of range in ${text}: ${size}`);
  }
  return selected.bySequence(set);
}

/** "$" (SEARCHRES) in a FETCH, STORE, COPY, MOVE or UID EXPUNGE set is BAD unless SEARCHRES is on. */
export function requireSavedResultSupport(set: SequenceSet, features: ImapFeatures): void {
  if (isSavedResult(set)) features.require('SEARCHRES', 'The "$" search result');
}

/** CONDSTORE mod-sequences arrive as bigint (up to 2^63); the store counts in safe integers. */
export function modSeqNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
