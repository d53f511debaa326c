import { SEEN, type ChangeOrigin, type Mailbox, type Message } from '../store/index.js';
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
 * The maildrop of one POP3 session: the account's INBOX as it was at login, numbered 1..n in uid
 * order. Messages delivered later stay invisible to this session: message numbers must keep
 * meaning the same message until QUIT (RFC 1939 4, 5), as Dovecot and Courier do it. Deletion
 * marks live here and reach the store only through commit().
 */
export class Maildrop {
  private readonly entries: MaildropEntry[];

  constructor(readonly mailbox: Mailbox) {
    this.entries = mailbox.messages.map((message, i) => ({
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

  /**
   * UPDATE state (RFC 1939 6): \Seen on retrieved messages that stay (unless the server is set
   * like Dovecot's pop3_no_flag_updates = yes), then removes marked ones;
   * returns how many this call removed. Messages another session (IMAP) expunged meanwhile are
   * skipped by the store itself, and adding \Seen where it is set records no change, so both calls
   * take the snapshot as it is. \Deleted is never touched: POP3 deletion is removal, not a flag.
   */
  commit(origin: ChangeOrigin, markSeen = true): number {
    if (markSeen) {
      const seen = this.entries.filter((entry) => entry.retrieved && !entry.deleted).map((entry) => entry.message);
      this.mailbox.setFlags(seen, 'add', [SEEN], origin);
    }
    const marked = this.entries.filter((entry) => entry.deleted).map((entry) => entry.message);
    return this.mailbox.expunge(marked, origin).length;
  }

}
