/**
 * NOTIFY (RFC 5465) for mailboxes other than the selected one: when one that a filter names gets
 * a new message, loses one, or (with FlagChange) changes flags, the session is sent
 * `* STATUS name (MESSAGES n UIDNEXT u UIDVALIDITY v UNSEEN x [HIGHESTMODSEQ m])` at once, between
 * commands or while idling, several changes to one mailbox in one turn of the event loop folded
 * into one STATUS. The selected mailbox is reported as it always is (EXISTS, EXPUNGE, FETCH).
 */
import type { Account } from '../store/account.js';
import { HIERARCHY_DELIMITER } from '../store/account.js';
import type { Journal } from '../store/journal.js';
import type { Mailbox } from '../store/mailbox.js';
import type { NotifyEvent, NotifyFilter, StatusItem } from './syntax/index.js';

export interface NotifierOptions {
  readonly journal: Journal;
  readonly account: Account;
  readonly filters: readonly NotifyFilter[];
  /** The mailbox the session has selected now, which NOTIFY leaves to the usual responses. */
  readonly selected: () => Mailbox | undefined;
  readonly condstore: () => boolean;
  /** Writes `* STATUS ...`. */
  readonly sendStatus: (mailbox: Mailbox, items: readonly StatusItem[]) => void;
}

const CHANGE_EVENT: Readonly<Record<string, NotifyEvent>> = { exists: 'MessageNew', expunge: 'MessageExpunge', flags: 'FlagChange' };

export class MailboxNotifier {
  private readonly stop: () => void;
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(private readonly options: NotifierOptions) {
    this.stop = options.journal.subscribe((entry) => {
      if (entry.account !== options.account.address) return;
      const event = CHANGE_EVENT[entry.change.kind];
      if (event === undefined || !this.wants(entry.mailbox, event)) return;
      this.pending.add(entry.mailbox);
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    });
  }

  /** NOTIFY SET STATUS: the STATUS of every mailbox the filters name, now. */
  sendAll(): void {
    for (const mailbox of this.options.account.mailboxes()) {
      if (this.wantsAny(mailbox.name)) this.send(mailbox);
    }
  }

  close(): void {
    this.stop();
    this.pending.clear();
  }

  private flush(): void {
    this.scheduled = false;
    for (const name of [...this.pending].sort()) {
      const mailbox = this.options.account.mailbox(name);
      if (mailbox) this.send(mailbox);
    }
    this.pending.clear();
  }

  private send(mailbox: Mailbox): void {
    if (mailbox === this.options.selected()) return;
    const items: StatusItem[] = ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN'];
    if (this.options.condstore()) items.push('HIGHESTMODSEQ');
    this.options.sendStatus(mailbox, items);
  }

  private wants(name: string, event: NotifyEvent): boolean {
    return this.options.filters.some((filter) => filter.events.includes(event) && this.names(filter, name));
  }

  private wantsAny(name: string): boolean {
    return this.options.filters.some((filter) => filter.events.length > 0 && this.names(filter, name));
  }

  /** Whether a filter names this mailbox (RFC 5465 6). "selected" names only the selected one. */
  private names(filter: NotifyFilter, name: string): boolean {
    switch (filter.kind) {
      case 'selected':
      case 'selected-delayed':
        return false;
      case 'inboxes':
        return name === 'INBOX';
      case 'personal':
        return true;
      case 'subscribed':
        return this.options.account.isSubscribed(name);
      case 'subtree':
        return filter.mailboxes.some((root) => name === root || name.startsWith(root + HIERARCHY_DELIMITER));
      case 'mailboxes':
        return filter.mailboxes.includes(name);
    }
  }
}
