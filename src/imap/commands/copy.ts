import { defineCommand, onlyWithUid } from '../command.js';
import { copyMessages } from '../message-copy.js';
import { requireSavedResultSupport } from '../message-set.js';
import { SELECTED } from '../session.js';
import { parseCopyArgs } from '../syntax/index.js';

/**
 * COPY and UID COPY (RFC 3501 6.4.7) with COPYUID in the tagged OK (UIDPLUS, RFC 4315 3). Allowed
 * in a read-only session: it changes only the destination. A copy into the selected mailbox itself
 * comes back as EXISTS through the change queue, like any delivery.
 *
 * EXPUNGE is held back during a non-UID COPY, before and after it: RFC 3501 7.4.1 names only
 * FETCH, STORE and SEARCH, but the reason is the same - the set was written in the numbering the
 * client had, and an EXPUNGE reported first would make it name other messages.
 */
export const copy = defineCommand({
  name: 'COPY',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features) {
    const args = parseCopyArgs(command.args, command.uid ? 'UID COPY' : 'COPY', command.names);
    requireSavedResultSupport(args.sequence, features);
    return args;
  },
  handle(ctx, { sequence, mailbox }) {
    const { sources, code } = copyMessages(ctx, sequence, mailbox, { countsAgainstQuota: true });
    if (sources.length === 0) ctx.complete(`${ctx.name} completed; no messages matched`);
    else if (code !== undefined) ctx.complete(`${ctx.name} completed`, code);
  },
});
