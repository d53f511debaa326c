import { defineCommand, onlyWithUid } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { copyMessages } from '../message-copy.js';
import { requireSavedResultSupport } from '../message-set.js';
import { SELECTED } from '../session.js';
import { parseCopyArgs } from '../syntax/index.js';

/**
 * MOVE and UID MOVE (RFC 6851): COPY, then expunge the sources, as one command. The COPYUID code
 * goes in an untagged OK before the EXPUNGE responses (RFC 6851 4.3), so a client can pair old and
 * new UIDs before it forgets the old ones; the EXPUNGEs come from the change queue right after
 * the handler, in the order every other session sees them.
 *
 * A non-UID MOVE hears of no earlier EXPUNGE before it runs (its sequence numbers are in the
 * numbering the client had), but reports them, and its own, in its response.
 */
export const move = defineCommand({
  name: 'MOVE',
  states: SELECTED,
  allowsExpungeBefore: onlyWithUid,
  parse(command, features) {
    const args = parseCopyArgs(command.args, command.uid ? 'UID MOVE' : 'MOVE', command.names);
    requireSavedResultSupport(args.sequence, features);
    return args;
  },
  handle(ctx, { sequence, mailbox }) {
    const selected = ctx.session.selected;
    // MOVE expunges from the source, which a read-only (EXAMINE) session may not do.
    if (selected.readOnly) throw new ImapCommandError('NO', 'Mailbox is read-only (EXAMINE); messages cannot be moved out', { code: 'READ-ONLY' });
    // The sources are expunged inside (the EXPUNGEs wait in the change queue), so the COPYUID
    // untagged OK written here still comes before them (RFC 6851 4.3).
    const { sources, code } = copyMessages(ctx, sequence, mailbox, { countsAgainstQuota: false, mode: 'move' });
    if (sources.length === 0) {
      ctx.complete(`${ctx.name} completed; no messages matched`);
      return;
    }
    if (code !== undefined) ctx.sendStatus('OK', 'Moved', code);
  },
});
