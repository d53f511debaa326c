import { DELETED } from '../../store/flags.js';
import type { Message } from '../../store/message.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { requireSavedResultSupport } from '../message-set.js';
import { SELECTED } from '../session.js';
import { isSavedResult, parseNoArgs, parseUidExpungeArgs } from '../syntax/index.js';

/**
 * EXPUNGE (RFC 3501 6.4.3) and UID EXPUNGE (RFC 4315 2.1): removes \Deleted messages (for UID
 * EXPUNGE, only those in the set). The EXPUNGE responses come from the session's change queue,
 * in the same order as every other session sees them.
 */
export const expunge = defineCommand({
  name: 'EXPUNGE',
  states: SELECTED,
  parse(command, features) {
    if (!command.uid) return parseNoArgs(command.args, 'EXPUNGE');
    features.require('UIDPLUS', 'UID EXPUNGE');
    const set = parseUidExpungeArgs(command.args);
    requireSavedResultSupport(set, features);
    return set;
  },
  handle(ctx, set) {
    const selected = ctx.session.selected;
    const named = set === undefined ? undefined : isSavedResult(set) ? selected.savedMessages() : selected.byUid(set);
    const candidates = named ? named.map((n) => n.message) : selected.messages;
    remove(ctx, candidates.filter((m) => m.hasFlag(DELETED) && !m.expunged));
  },
});

function remove(ctx: CommandContext, messages: readonly Message[]): void {
  const selected = ctx.session.selected;
  if (selected.readOnly) throw new ImapCommandError('NO', 'Mailbox is read-only (EXAMINE)', { code: 'READ-ONLY' });
  selected.mailbox.expunge(messages, ctx.session.origin);
}
