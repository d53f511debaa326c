import { getParsed, headerValues } from '../../mime/index.js';
import type { Clock } from '../../sim/clock.js';
import type { Account } from '../../store/account.js';
import { DELETED, FLAGGED } from '../../store/flags.js';
import type { ChangeOrigin } from '../../store/journal.js';
import type { Mailbox, SpecialUse } from '../../store/mailbox.js';
import type { Message } from '../../store/message.js';
import type { AccountRules, Pop3Mode, Pop3Refusal, Pop3View } from '../../store/rules.js';
import type { LabelRules, PoppedOnceRules } from '../profile.js';
import { gmailPop3View } from './pop3.js';

/**
 * One Gmail message: a set of labels, shown as a copy in each label's folder (each copy with that
 * folder's UID), and what Gmail keeps about it across folders.
 */
export interface GmailMessage {
  /** Like X-GM-MSGID: "a unique message ID for each email so that a unique message may be identified across multiple folders" (Google, IMAP Extensions). */
  readonly id: string;
  /** Like X-GM-THRID: its conversation, found by References / In-Reply-To. */
  readonly thread: string;
  /** Folder -> the copy there. All Mail holds one unless it is in Trash or Spam. */
  readonly copies: Map<Mailbox, Message>;
  /** Downloaded by POP (RETR and QUIT): never offered again in normal mode. */
  popped: boolean;
  readonly arrived: number;
}

/**
 * Gmail's labels as IMAP folders, each rule from Google's documents (README "Providers"):
 * - "Gmail treats labels as folders for the purposes of IMAP" (IMAP Extensions); "Copy a message to
 *   multiple folders: Apply all corresponding labels to the message" (How actions sync in IMAP).
 * - "[Gmail]/All Mail contains all of your messages in Gmail, including your sent and archived
 *   messages" (Gmail folders in your mail client); messages in Trash or Spam are not in it.
 * - "Flag a message: Apply a star to the message": \Flagged is membership of [Gmail]/Starred.
 * - "Delete a message from a folder: Remove that label from the message"; "Messages that are
 *   deleted from an IMAP folder (except for those in [Gmail]/Spam or [Gmail]/Trash) only have that
 *   label removed and still exist in All Mail" (Recommended IMAP client settings).
 * - From the last visible folder, ImapSettings.expungeBehavior decides: archive, trash, deleteForever.
 * - "Move a message to [Gmail]/Trash: Move a message to Trash" and "Delete a message from
 *   [Gmail]/Spam or [Gmail]/Trash: Delete the message permanently".
 * Flags are one per message, so a change in one folder shows in every folder that holds it -
 * except \Deleted, which marks the copy in one folder for that folder's expunge.
 */
export class GmailLabels implements AccountRules {
  private readonly messages = new Map<Message, GmailMessage>();
  /** Message-ID header -> conversation, for X-GM-THRID. */
  private readonly threads = new Map<string, string>();
  /** Above 0 while these rules change mailboxes themselves: those changes are not new user acts. */
  private depth = 0;
  private nextId = 1;
  /** When the account was made: where POP's "from now on" window starts. */
  readonly createdAt: number;

  constructor(
    private readonly account: Account,
    private readonly rules: LabelRules,
    private readonly pop3: PoppedOnceRules,
    clock: Clock,
  ) {
    this.createdAt = clock.now();
  }

  // --- what the protocols ask --------------------------------------------------------------

  /** The Gmail message a copy in some folder belongs to. */
  of(copy: Message): GmailMessage | undefined {
    return this.messages.get(copy);
  }

  /** Every message not in Trash or Spam, oldest first: what All Mail shows. */
  inAllMail(): GmailMessage[] {
    const all = this.folder('\\All');
    return all ? all.messages.map((copy) => this.messages.get(copy)).filter((m): m is GmailMessage => m !== undefined) : [];
  }

  pop3View(mode: Pop3Mode, now: number): Pop3View | Pop3Refusal {
    return gmailPop3View(this, this.pop3, mode, now);
  }

  /** "your sent messages will be automatically copied to the [Gmail]/Sent Mail folder" (Recommended IMAP client settings). */
  sent(raw: Buffer, internalDate: number, origin: ChangeOrigin): void {
    const sent = this.folder('\\Sent');
    if (!sent) return;
    const copy = sent.append(raw, origin, { flags: ['\\Seen'], internalDate });
    // "Messages sent from email clients are marked as popped, so they aren't downloaded into the
    // inbox of POP email clients" (How does POP work in Gmail?).
    const message = this.messages.get(copy);
    if (message) message.popped = true;
  }

  // --- hooks: what the store tells us ----------------------------------------------------------

  appended(mailbox: Mailbox, copy: Message, origin: ChangeOrigin): void {
    if (this.depth > 0) return;
    const message = this.register(copy, mailbox);
    this.quietly(() => {
      // Every message is in All Mail, unless it arrived in Trash or Spam.
      const all = this.folder('\\All');
      if (all && mailbox !== all && !this.isBin(mailbox)) this.place(message, all, copy, origin);
      if (mailbox === this.folder('\\Flagged') && !copy.hasFlag(FLAGGED)) this.setFlags(message, 'add', [FLAGGED], origin);
      this.syncStarred(message, origin);
    });
  }

  flagsChanged(mailbox: Mailbox, changed: readonly Message[], origin: ChangeOrigin): void {
    if (this.depth > 0) return;
    const expunge: Message[] = [];
    this.quietly(() => {
      for (const copy of changed) {
        const message = this.messages.get(copy);
        if (!message) continue;
        const shared = copy.flags.filter((flag) => flag !== DELETED);
        for (const [box, other] of message.copies) {
          if (other === copy) continue;
          const keep = other.hasFlag(DELETED) ? [...shared, DELETED] : shared;
          box.setFlags([other], 'set', keep, origin);
        }
        this.syncStarred(message, origin);
        // ImapSettings.autoExpunge: "Gmail will immediately expunge a message when it is marked as deleted in IMAP."
        if (this.rules.autoExpunge && copy.hasFlag(DELETED) && !copy.expunged) expunge.push(copy);
      }
    });
    // Outside quietly(): an auto-expunge is the user's delete, so the delete rules apply to it.
    if (expunge.length > 0) mailbox.expunge(expunge, origin);
  }

  expunged(mailbox: Mailbox, removed: readonly Message[], origin: ChangeOrigin): void {
    if (this.depth > 0) {
      for (const copy of removed) this.unregister(copy, mailbox);
      return;
    }
    this.quietly(() => {
      for (const copy of removed) {
        const message = this.unregister(copy, mailbox);
        if (message) this.afterDelete(message, mailbox, origin);
      }
    });
  }

  copy(sources: readonly Message[], from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message[] {
    return this.quietly(() => sources.map((source) => this.label(source, from, to, origin)));
  }

  move(sources: readonly Message[], from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message[] {
    return this.quietly(() =>
      sources.map((source) => {
        const message = this.messages.get(source);
        const result = this.label(source, from, to, origin);
        // Moving out of a label removes only that label; out of All Mail it cannot leave (All Mail
        // holds every message not in Trash or Spam). Into Trash or Spam it has left everything already.
        if (message && from !== this.folder('\\All') && !source.expunged && !this.isBin(to)) {
          from.expunge([source], origin);
          if (from === this.folder('\\Flagged')) this.setFlags(message, 'remove', [FLAGGED], origin);
        }
        return result;
      }),
    );
  }

  // --- the rules ---------------------------------------------------------------------------------

  /** COPY of one message into a folder: a label gained, or a move into Trash or Spam. */
  private label(source: Message, from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message {
    const message = this.messages.get(source) ?? this.register(source, from);
    if (this.isBin(to)) {
      // "Do NOT save deleted messages to your [Gmail]/Trash folder because this will delete a
      // message in all folders" (Recommended IMAP client settings).
      const existing = message.copies.get(to);
      if (existing) return existing;
      const copy = this.place(message, to, source, origin);
      this.removeEverywhereBut(message, to, origin);
      return copy;
    }
    const existing = message.copies.get(to);
    if (existing) return existing;
    const copy = this.place(message, to, source, origin);
    // Out of Trash or Spam into a label: back in All Mail, gone from the bin.
    const all = this.folder('\\All');
    if (all && !message.copies.has(all)) this.place(message, all, source, origin);
    for (const [box, bin] of [...message.copies]) if (this.isBin(box)) box.expunge([bin], origin);
    if (to === this.folder('\\Flagged')) this.setFlags(message, 'add', [FLAGGED], origin);
    return copy;
  }

  /** What removing a message from one folder does beyond that (the copy there is already gone). */
  private afterDelete(message: GmailMessage, from: Mailbox, origin: ChangeOrigin): void {
    if (this.isBin(from)) {
      // "Delete a message from [Gmail]/Spam or [Gmail]/Trash: Delete the message permanently."
      return this.removeEverywhereBut(message, undefined, origin);
    }
    if (from === this.folder('\\Flagged')) {
      // Leaving Starred is losing the star, which \Flagged is.
      this.setFlags(message, 'remove', [FLAGGED], origin);
    }
    if (from === this.folder('\\All')) {
      // Not in a current Google page; Google's older table (quoted in 2011): "Delete a message
      // from [All Mail]: Move the message to Trash". All Mail is always the last folder.
      return this.lastFolderGone(message, 'trash', origin);
    }
    const visible = [...message.copies.keys()].filter((box) => box !== this.folder('\\All'));
    if (visible.length === 0) this.lastFolderGone(message, this.rules.expungeBehavior, origin);
  }

  /** ImapSettings.expungeBehavior, for a message expunged from the last visible IMAP folder. */
  private lastFolderGone(message: GmailMessage, behaviour: LabelRules['expungeBehavior'], origin: ChangeOrigin): void {
    switch (behaviour) {
      case 'archive':
        // "Archive messages marked as deleted": it stays in All Mail.
        return;
      case 'trash': {
        // "Move messages marked as deleted to the trash."
        const trash = this.folder('\\Trash');
        const any = [...message.copies.values()][0];
        if (!trash || !any) return this.removeEverywhereBut(message, undefined, origin);
        this.place(message, trash, any, origin);
        return this.removeEverywhereBut(message, trash, origin);
      }
      case 'deleteForever':
        // "Immediately and permanently delete messages marked as deleted."
        return this.removeEverywhereBut(message, undefined, origin);
    }
  }

  private removeEverywhereBut(message: GmailMessage, keep: Mailbox | undefined, origin: ChangeOrigin): void {
    for (const [box, copy] of [...message.copies]) if (box !== keep) box.expunge([copy], origin);
  }

  /** Starred holds exactly the messages with \Flagged. */
  private syncStarred(message: GmailMessage, origin: ChangeOrigin): void {
    const starred = this.folder('\\Flagged');
    if (!starred) return;
    const any = [...message.copies.values()].find((copy) => !copy.expunged);
    if (!any || this.isBinOnly(message)) return;
    const flagged = any.hasFlag(FLAGGED);
    const copy = message.copies.get(starred);
    if (flagged && !copy) this.place(message, starred, any, origin);
    if (!flagged && copy) starred.expunge([copy], origin);
  }

  private setFlags(message: GmailMessage, operation: 'add' | 'remove', flags: string[], origin: ChangeOrigin): void {
    for (const [box, copy] of message.copies) box.setFlags([copy], operation, flags, origin);
    this.syncStarred(message, origin);
  }

  /** A copy of the message in `folder`, with the message's flags (never another folder's \Deleted). */
  private place(message: GmailMessage, folder: Mailbox, like: Message, origin: ChangeOrigin): Message {
    const flags = like.flags.filter((flag) => flag !== DELETED);
    const copy = folder.append(like.raw, origin, { flags, internalDate: like.internalDate });
    message.copies.set(folder, copy);
    this.messages.set(copy, message);
    return copy;
  }

  private register(copy: Message, mailbox: Mailbox): GmailMessage {
    const existing = this.messages.get(copy);
    if (existing) return existing;
    const id = String(this.nextId++);
    const message: GmailMessage = { id, thread: this.threadOf(copy, id), copies: new Map([[mailbox, copy]]), popped: false, arrived: copy.internalDate };
    this.messages.set(copy, message);
    return message;
  }

  private unregister(copy: Message, mailbox: Mailbox): GmailMessage | undefined {
    const message = this.messages.get(copy);
    if (!message) return undefined;
    if (message.copies.get(mailbox) === copy) message.copies.delete(mailbox);
    this.messages.delete(copy);
    return message;
  }

  /** A reply joins the conversation of the message it answers; anything else starts one. */
  private threadOf(copy: Message, id: string): string {
    const parsed = getParsed(copy.raw);
    const ids = (name: string): string[] => headerValues(parsed, name).join(' ').match(/<[^<>\s]+>/g) ?? [];
    const thread = [...ids('References'), ...ids('In-Reply-To')].map((ref) => this.threads.get(ref)).find((t) => t !== undefined) ?? id;
    for (const own of ids('Message-ID')) if (!this.threads.has(own)) this.threads.set(own, thread);
    return thread;
  }

  private isBin(mailbox: Mailbox): boolean {
    return mailbox === this.folder('\\Trash') || mailbox === this.folder('\\Junk');
  }

  private isBinOnly(message: GmailMessage): boolean {
    return [...message.copies.keys()].every((box) => this.isBin(box));
  }

  folder(use: SpecialUse): Mailbox | undefined {
    return this.account.folderFor(use);
  }

  /** Changes made by the rules themselves do not set the rules off again. */
  private quietly<T>(work: () => T): T {
    this.depth++;
    try {
      return work();
    } finally {
      this.depth--;
    }
  }

  /** For POP: the copy of a message a session lists and retrieves (its All Mail copy). */
  listedCopy(message: GmailMessage): Message | undefined {
    const all = this.folder('\\All');
    return all ? message.copies.get(all) : undefined;
  }

  /** POP's disposition and popped mark, applied by gmailPop3View at QUIT. */
  afterPop(message: GmailMessage, disposition: PoppedOnceRules['disposition'], origin: ChangeOrigin): void {
    message.popped = true;
    this.quietly(() => {
      const inbox = this.account.inbox;
      switch (disposition) {
        case 'leaveInInbox':
          // "Do nothing; leave messages unread in the INBOX" (Configure POP and IMAP settings).
          return;
        case 'markRead':
          return this.setFlags(message, 'add', ['\\Seen'], origin);
        case 'archive': {
          // "Move messages out of the INBOX": the Inbox label goes; All Mail keeps it.
          const copy = message.copies.get(inbox);
          if (copy) inbox.expunge([copy], origin);
          return;
        }
        case 'trash':
          return this.lastFolderGone(message, 'trash', origin);
      }
    });
  }
}
