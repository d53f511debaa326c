import { SEEN, type ChangeOrigin, type Mailbox, type Message } from '../store/index.js';
import type { Pop3View } from '../store/rules.js';
import { Pop3CommandError } from './errors.js';
import { pop3Size } from './message-format.js';
import { printable } from './text.js';

export interface MaildropEntry {
  /** 1-based message number, fixed for the whole session (RFC 1939 5). */
  readonly number: number;
  readonly message: Message;
  /** POP3 size in octets (see message-format.ts), computed once at login. */
  readonly size: number;
  /** Marked by DELE; cleared by RSET. */
  deleted: boolean;
  /** Fetched with RETR; gets \Seen at QUIT (TOP does not count, like Dovecot). */
  retrieved: boolean;
}

/** Longest decimal message number we parse; anything longer is out of range anyway. */
const MAX_NUMBER_DIGITS = 9;

/**
 * The RFC 1939 maildrop: INBOX in uid order; at QUIT, \Seen on what was RETRieved and kept (unless
 * `seenOnRetrieve` is off, Dovecot's pop3_no_flag_updates = yes), then the DELE'd messages leave.
 * \Deleted is never touched: POP3 deletion is removal, not a flag. Messages another session
 * (IMAP) expunged meanwhile are skipped by the store itself, and adding \Seen where it is set
 * records no change, so both calls take the snapshot as it is.
 */
export function inboxView(mailbox: Mailbox, seenOnRetrieve: boolean): Pop3View {
  return {
    messages: [...mailbox.messages],
    uidl: (message) => message.id,
    commit(retrieved, deleted, origin) {
      if (seenOnRetrieve) mailbox.setFlags(retrieved.filter((m) => !deleted.includes(m)), 'add', [SEEN], origin);
      return mailbox.expunge(deleted, origin).length;
    },
  };
}

/**
 * The maildrop of one POP3 session: what its view lists at login (the account's INBOX for most
 * providers), numbered 1..n. Messages delivered later stay invisible to this session: message
 * numbers must keep meaning the same message until QUIT (RFC 1939 4, 5), as Dovecot and Courier
 * do it. Deletion marks live here and reach the store only through commit().
 */
export class Maildrop {
  private readonly entries: MaildropEntry[];

  constructor(private readonly view: Pop3View) {
    this.entries = view.messages.map((message, i) => ({
      number: i + 1,
      message,
      size: pop3Size(message.raw),
      deleted: false,
      retrieved: false,
    }));
  }

  /** Entries not marked deleted, in message-number order: what STAT, LIST and UIDL report. */
  visible(): MaildropEntry[] {
    return this.entries.filter((entry) => !entry.deleted);
  }

  stat(): { count: number; size: number } {
    const visible = this.visible();
    return { count: visible.length, size: visible.reduce((sum, entry) => sum + entry.size, 0) };
  }

  /** Resolves a message-number argument, refusing garbage, 0, out-of-range and deleted numbers. */
  lookup(argument: string): MaildropEntry {
    if (!/^[0-9]+$/.test(argument)) {
      throw new Pop3CommandError('SYNTAX', `invalid message number "${printable(argument)}"`);
    }
    const number = argument.length > MAX_NUMBER_DIGITS ? Number.POSITIVE_INFINITY : Number(argument);
    const entry = number >= 1 ? this.entries[number - 1] : undefined;
    if (!entry) {
      throw new Pop3CommandError('NO_SUCH_MESSAGE', `no message ${argument} (maildrop has ${this.entries.length})`);
    }
    if (entry.deleted) throw new Pop3CommandError('MESSAGE_DELETED', `message ${entry.number} already deleted`);
    return entry;
  }

  /** Like lookup(), and also refuses a message another session expunged since login. */
  lookupReadable(argument: string): MaildropEntry {
    const entry = this.lookup(argument);
    if (entry.message.expunged) {
      throw new Pop3CommandError('MESSAGE_GONE', `message ${entry.number} was removed by another session`);
    }
    return entry;
  }

  /** RSET: undoes this session's marks (deletions and pending \Seen). */
  reset(): void {
    for (const entry of this.entries) {
      entry.deleted = false;
      entry.retrieved = false;
    }
  }

  /** The unique-id of an entry (RFC 1939 7 UIDL): stable across sessions. */
  uidl(entry: MaildropEntry): string {
    return this.view.uidl(entry.message);
  }

  /** UPDATE state (RFC 1939 6), as the view's provider does it; returns how many messages left. */
  commit(origin: ChangeOrigin): number {
    const retrieved = this.entries.filter((entry) => entry.retrieved).map((entry) => entry.message);
    const deleted = this.entries.filter((entry) => entry.deleted).map((entry) => entry.message);
    return this.view.commit(retrieved, deleted, origin);
  }

}
