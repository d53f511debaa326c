import { defineCommand } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { sendMailboxStatus } from '../mailbox-status.js';
import { MailboxNotifier } from '../notify.js';
import type { ImapSession } from '../session.js';
import { AUTHENTICATED } from '../session.js';
import { parseNotifyArgs, type NotifyEvent } from '../syntax/index.js';

/** The events this server can send about other mailboxes (RFC 5465 5). */
const SUPPORTED: readonly NotifyEvent[] = ['MessageNew', 'MessageExpunge', 'FlagChange'];

const notifiers = new WeakMap<ImapSession, MailboxNotifier>();

/**
 * NOTIFY SET / NOTIFY NONE (RFC 5465): STATUS responses about other mailboxes as they change,
 * without polling them. A new NOTIFY SET replaces the last; the login's end stops it. Events we
 * cannot send (MailboxName, SubscriptionChange, annotations, metadata) are NO [BADEVENT].
 */
export const notify = defineCommand({
  name: 'NOTIFY',
  states: AUTHENTICATED,
  parse: (command) => parseNotifyArgs(command.args, command.names),
  handle(ctx, args) {
    const session = ctx.session;
    if (args.kind === 'set') {
      const unsupported = args.filters.flatMap((f) => f.events).filter((e) => !SUPPORTED.includes(e));
      if (unsupported.length > 0) {
        throw new ImapCommandError('NO', `NOTIFY: this server cannot send ${[...new Set(unsupported)].join(', ')}`, { code: 'BADEVENT', events: SUPPORTED });
      }
    }
    notifiers.get(session)?.close();
    notifiers.delete(session);
    if (args.kind === 'none') return;
    const notifier = new MailboxNotifier({
      journal: ctx.store.journal,
      account: session.account,
      filters: args.filters,
      selected: () => session.selectedOrUndefined?.mailbox,
      condstore: () => session.condstore,
      sendStatus: (mailbox, items) => sendMailboxStatus(ctx, mailbox, items),
    });
    notifiers.set(session, notifier);
    session.onLoginEnd.add(() => {
      notifier.close();
      notifiers.delete(session);
    });
    if (args.status) notifier.sendAll();
  },
});
