import { DELETED } from '../../store/flags.js';
import type { Message } from '../../store/message.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { SELECTED } from '../session.js';
import { parseNoArgs, parseUidExpungeArgs } from '../syntax/index.js';

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
    return parseUidExpungeArgs(command.args);
  },
  handle(ctx, set) {
    const selected = ctx.session.selected;
    const candidates = set ? selected.byUid(set).map((n) => n.message) : selected.messages;
    remove(ctx, candidates.filter((m) => m.hasFlag(DELETED) && !m.expunged));
  },
});

function remove(ctx: CommandContext, messages: readonly Message[]): void {
  const selected = ctx.session.selected;
  if (selected.readOnly) throw new ImapCommandError('NO', 'Mailbox is read-only (EXAMINE)', { code: 'READ-ONLY' });
  selected.mailbox.expunge(messages, ctx.session.origin);
}
