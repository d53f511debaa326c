import { defineCommand } from '../command.js';
import { no } from '../errors.js';
import { creatableName } from '../mailbox-names.js';
import { AUTHENTICATED } from '../session.js';
import { parseRenameArgs } from '../syntax/index.js';

/**
 * RENAME (RFC 3501 6.3.5): renames the mailbox with its children, creating missing parents of the
 * new name; UIDVALIDITY is kept. RENAME INBOX moves INBOX's messages into a new mailbox and leaves
 * INBOX empty (the store does this). Sessions with the mailbox selected keep it selected under
 * its new name; subscriptions move with the mailboxes.
 */
export const rename = defineCommand({
  name: 'RENAME',
  states: AUTHENTICATED,
  parse: (command) => parseRenameArgs(command.args, command.names),
  handle(ctx, { from, to }) {
    const account = ctx.session.account;
    if (!account.mailbox(from)) {
      if (account.isNoselect(from)) throw no(`${from} is only a \\Noselect parent and cannot be renamed`, 'CANNOT');
      throw no(`No mailbox named ${from}`, 'NONEXISTENT');
    }
    const target = creatableName(to);
    if (account.mailbox(target) || account.isNoselect(target)) throw no(`Mailbox ${target} already exists`, 'ALREADYEXISTS');
    account.renameMailbox(from, target, ctx.session.origin);
  },
});
