import { HIERARCHY_DELIMITER } from '../../store/account.js';
import { defineCommand } from '../command.js';
import { lsubEntries } from '../mailbox-list.js';
import { AUTHENTICATED } from '../session.js';
import { joinReference, parseLsubArgs } from '../syntax/index.js';
import { sendListLine } from './list.js';

/**
 * LSUB (RFC 3501 6.3.9): the subscribed names that match, including ones without a mailbox
 * (\Noselect). imapflow falls back to it when LIST RETURN (SUBSCRIBED) marks nothing subscribed.
 */
export const lsub = defineCommand({
  name: 'LSUB',
  states: AUTHENTICATED,
  parse: (command) => parseLsubArgs(command.args, command.names),
  handle(ctx, { reference, pattern }) {
    if (pattern === null) return;
    const entries = lsubEntries(ctx.session.account, joinReference(reference, pattern, HIERARCHY_DELIMITER));
    for (const entry of entries) sendListLine(ctx, 'LSUB', entry);
  },
});
