import { DELETED, SEEN } from '../store/flags.js';
import type { Mailbox } from '../store/mailbox.js';
import type { CommandContext } from './command.js';
import { mailboxId } from './object-ids.js';
import { atom, mailboxValue, type ImapValue, type StatusItem } from './syntax/index.js';

/**
 * `* STATUS name (ITEM value ...)` for STATUS (RFC 3501 6.3.10) and LIST RETURN (STATUS)
 * (RFC 5819), items in the order asked. Values come from the store: the dispatcher has reported
 * every queued change before a command runs, so for the selected mailbox they agree with what
 * the session has been told.
 */
export function sendMailboxStatus(ctx: CommandContext, mailbox: Mailbox, items: readonly StatusItem[]): void {
  const values: ImapValue[] = [];
  for (const item of items) values.push(atom(item), statusValue(ctx, mailbox, item));
  ctx.send(atom('STATUS'), mailboxValue(mailbox.name, ctx.session.names), values);
}

function statusValue(ctx: CommandContext, mailbox: Mailbox, item: StatusItem): ImapValue {
  switch (item) {
    case 'MESSAGES':
      return mailbox.messages.length;
    case 'RECENT': {
      // This session holds \Recent for what it claimed when it selected the mailbox; the store
      // only knows what nobody has claimed yet.
      const selected = ctx.session.selectedOrUndefined;
      return selected?.mailbox === mailbox ? selected.recentCount : mailbox.peekRecent().size;
    }
    case 'UIDNEXT':
      return mailbox.uidNext;
    case 'UIDVALIDITY':
      return mailbox.uidValidity;
    case 'UNSEEN':
      return mailbox.countWithout(SEEN);
    case 'HIGHESTMODSEQ':
      return mailbox.highestModSeq;
    case 'SIZE':
      return mailbox.totalSize;
    case 'DELETED-STORAGE': {
      // RFC 9208 4.2.1: what expunging the \Deleted messages would free, in units of 1024 octets.
      let octets = 0;
      for (const message of mailbox.messages) if (message.hasFlag(DELETED)) octets += message.size;
      return Math.ceil(octets / 1024);
    }
    case 'MAILBOXID':
      // RFC 8474 4.3: MAILBOXID (id).
      return [atom(mailboxId(mailbox))];
    case 'DELETED':
      // RFC 9051 6.3.11: messages with \Deleted.
      return mailbox.messages.length - mailbox.countWithout(DELETED);
    case 'APPENDLIMIT':
      // RFC 7889 4: the same limit for every mailbox here.
      return ctx.features.profile.appendLimit;
  }
}
