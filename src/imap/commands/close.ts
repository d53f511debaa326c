import { DELETED } from '../../store/flags.js';
import { defineCommand } from '../command.js';
import { SELECTED } from '../session.js';
import { parseNoArgs } from '../syntax/index.js';

/**
 * CLOSE (RFC 3501 6.4.2): silently expunges \Deleted messages (unless read-only) and deselects.
 * No EXPUNGE responses: the client is leaving the mailbox.
 */
export const close = defineCommand({
  name: 'CLOSE',
  reportsChangesBefore: false,
  states: SELECTED,
  parse: (command) => parseNoArgs(command.args, 'CLOSE'),
  handle(ctx) {
    const selected = ctx.session.selected;
    if (!selected.readOnly) {
      const doomed = selected.mailbox.messages.filter((m) => m.hasFlag(DELETED));
      selected.mailbox.expunge(doomed, ctx.session.origin);
    }
    ctx.session.deselect();
  },
});

/** UNSELECT (RFC 3691): deselects without expunging. */
export const unselect = defineCommand({
  name: 'UNSELECT',
  reportsChangesBefore: false,
  states: SELECTED,
  parse: (command) => parseNoArgs(command.args, 'UNSELECT'),
  handle(ctx) {
    ctx.session.deselect();
  },
});
