import { defineCommand } from '../command.js';
import { no } from '../errors.js';
import { AUTHENTICATED } from '../session.js';
import { parseMailboxArg } from '../syntax/index.js';

/**
 * DELETE (RFC 3501 6.3.4). INBOX cannot be deleted; a mailbox with children loses its messages
 * and stays as a \Noselect parent; a \Noselect parent with children cannot be deleted
 * ([HASCHILDREN], RFC 9051 7.1). The subscription stays (RFC 3501 6.3.6).
 *
 * Other sessions with the mailbox selected are told BYE by their connection. This session, if it
 * had the mailbox selected, is first returned to the authenticated state, as Dovecot does.
 */
export const deleteCommand = defineCommand({
  name: 'DELETE',
  states: AUTHENTICATED,
  parse: (command) => parseMailboxArg(command.args, 'DELETE', command.names),
  handle(ctx, name) {
    const account = ctx.session.account;
    const box = account.mailbox(name);
    if (!box) {
      if (account.isNoselect(name) && account.hasChildren(name)) {
        throw no(`${name} has child mailboxes; delete them first`, 'HASCHILDREN');
      }
      if (!account.isNoselect(name)) throw no(`No mailbox named ${name}`, 'NONEXISTENT');
      account.deleteMailbox(name, ctx.session.origin);
      return;
    }
    if (box === account.inbox) throw no('INBOX cannot be deleted', 'CANNOT');
    if (ctx.session.selectedOrUndefined?.mailbox === box) ctx.session.deselect();
    account.deleteMailbox(box.name, ctx.session.origin);
  },
});
