import { timingSafeEqual } from 'node:crypto';
import type { ServerProfile } from '../providers/profile.js';
import { StoreError } from './errors.js';
import type { ChangeOrigin } from './journal.js';
import { Mailbox, type MailboxContext, type SpecialUse } from './mailbox.js';
import { Subscriptions } from './subscriptions.js';
import type { Message } from './message.js';
import type { AccountRules } from './rules.js';

/** Mailbox hierarchy separator, as IMAP LIST reports it. */
export const HIERARCHY_DELIMITER = '/';

/** Created with every account: what phones and laptops look for via SPECIAL-USE (RFC 6154). */
export const DEFAULT_MAILBOXES: readonly { name: string; specialUse: SpecialUse }[] = [
  { name: 'Archive', specialUse: '\\Archive' },
  { name: 'Drafts', specialUse: '\\Drafts' },
  { name: 'Junk', specialUse: '\\Junk' },
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Trash', specialUse: '\\Trash' },
];

/** Longest mailbox name we accept; longer names are almost always a client bug. */
export const MAX_MAILBOX_NAME_LENGTH = 512;

const INBOX = 'INBOX';

/**
 * Whether `name` is INBOX in any case (RFC 3501 5.1). ASCII case only: Unicode upper-casing turns
 * U+0131 (dotless i) into "I", so "\u0131nbox" - a different name, "&ATE-nbox" on the wire - would
 * otherwise become INBOX.
 */
export function isInboxName(name: string): boolean {
  return name.length === INBOX.length && name.replace(/[a-z]/g, (c) => c.toUpperCase()) === INBOX;
}

/** "inbox" and "INBOX/x" name INBOX in any case (RFC 3501 5.1); other names are case-sensitive. */
export function normalizeMailboxName(name: string): string {
  if (isInboxName(name)) return INBOX;
  if (isInboxName(name.slice(0, INBOX.length)) && name.startsWith(HIERARCHY_DELIMITER, INBOX.length)) return INBOX + name.slice(INBOX.length);
  return name;
}

export class Account {
  private readonly boxes = new Map<string, Mailbox>();
  /** Mailboxes that exist only as parents of others after DELETE (RFC 3501 6.3.4 \Noselect). */
  private readonly noselect = new Set<string>();
  /** Subscribed names, with or without a mailbox (see subscriptions.ts for the rules). */
  private readonly subscriptions = new Subscriptions();
  /**
   * The server profile this account's sessions get after login (its provider's); undefined means
   * the server's own. The store only carries it: the protocols read it.
   */
  profile: ServerProfile | undefined;
  /**
   * Limits for the whole account (QUOTA, RFC 9208): storage in units of 1024 octets, and messages.
   * Absent means no limit. The store only carries them; the protocols enforce them.
   */
  quota: { storage?: number; messages?: number } = {};
  /** The provider's rules across mailboxes (Gmail's labels), if its profile has any. */
  rules: AccountRules | undefined;

  constructor(
    readonly address: string,
    private password: string,
    private readonly context: Omit<MailboxContext, 'account'>,
  ) {
    this.addBox(INBOX);
    this.subscriptions.add(INBOX);
  }

  /** RFC 3501 6.3.6: any name we could create may be subscribed, whether or not it exists. */
  subscribe(rawName: string): void {
    this.subscriptions.add(validateName(rawName));
  }

  /**
   * RFC 3501 6.3.7. Returns false when the name is neither subscribed nor a mailbox (unsubscribing
   * an existing mailbox that is not subscribed is harmless; a stranger name is a client's mistake).
   */
  unsubscribe(rawName: string): boolean {
    const name = normalizeMailboxName(rawName);
    return this.subscriptions.delete(name) || this.boxes.has(name);
  }

  isSubscribed(name: string): boolean {
    return this.subscriptions.has(normalizeMailboxName(name));
  }

  /** Every subscribed name, INBOX first then by name. */
  subscribedNames(): string[] {
    return this.subscriptions.list(compareMailboxNames);
  }

  checkPassword(password: string): boolean {
    return password === this.password;
  }

  /**
   * For challenge-response logins (POP3 APOP): true when `digest(secret)` equals `expected`.
   * The secret never leaves the account; the protocol supplies how to hash it.
   */
  checkDigest(expected: string, digest: (secret: string) => string): boolean {
    const a = Buffer.from(digest(this.password));
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  setPassword(password: string): void {
    this.password = password;
  }

  get inbox(): Mailbox {
    return this.boxes.get(INBOX)!;
  }

  mailbox(name: string): Mailbox | undefined {
    return this.boxes.get(normalizeMailboxName(name));
  }

  /** Mailboxes by name, INBOX first, then alphabetical. */
  mailboxes(): Mailbox[] {
    return [...this.boxes.values()].sort((a, b) => compareMailboxNames(a.name, b.name));
  }

  isNoselect(name: string): boolean {
    return this.noselect.has(normalizeMailboxName(name));
  }

  /** Names that exist as \Noselect parents only. */
  noselectNames(): string[] {
    return [...this.noselect].sort(compareMailboxNames);
  }

  hasChildren(name: string): boolean {
    const prefix = normalizeMailboxName(name) + HIERARCHY_DELIMITER;
    for (const other of this.boxes.keys()) if (other.startsWith(prefix)) return true;
    for (const other of this.noselect) if (other.startsWith(prefix)) return true;
    return false;
  }

  /** Creates the mailbox and any missing parents (RFC 3501 6.3.3 SHOULD). */
  createMailbox(rawName: string, specialUse?: SpecialUse): Mailbox {
    const name = validateName(rawName);
    if (this.boxes.has(name)) throw new StoreError('ALREADYEXISTS', `mailbox ${name} already exists`);
    const parts = name.split(HIERARCHY_DELIMITER);
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(HIERARCHY_DELIMITER);
      if (!this.boxes.has(parent) && !this.noselect.has(parent)) this.addBox(parent);
    }
    this.noselect.delete(name);
    return this.addBox(name, specialUse);
  }

  /**
   * RFC 3501 6.3.4: INBOX cannot be deleted; a mailbox with children loses its messages and
   * becomes \Noselect; a \Noselect mailbox with children cannot be deleted.
   */
  deleteMailbox(rawName: string, origin: ChangeOrigin): void {
    const name = normalizeMailboxName(rawName);
    if (name === INBOX) throw new StoreError('CANNOT', 'INBOX cannot be deleted');
    const box = this.boxes.get(name);
    if (!box) {
      if (this.noselect.has(name) && this.hasChildren(name)) {
        throw new StoreError('CANNOT', `${name} has child mailboxes; delete them first`);
      }
      if (this.noselect.delete(name)) return;
      throw new StoreError('NONEXISTENT', `no mailbox named ${name}`);
    }
    if (this.hasChildren(name)) this.noselect.add(name);
    this.boxes.delete(name);
    box.markDeleted(origin);
  }

  /**
   * RFC 3501 6.3.5: renames the mailbox and its children. Renaming INBOX moves its messages to a
   * new mailbox and leaves INBOX empty; the store does that by creating the target and moving.
   */
  renameMailbox(rawFrom: string, rawTo: string, origin: ChangeOrigin): Mailbox {
    const from = normalizeMailboxName(rawFrom);
    const to = validateName(rawTo);
    const box = this.boxes.get(from);
    if (!box) throw new StoreError('NONEXISTENT', `no mailbox named ${from}`);
    if (this.boxes.has(to) || this.noselect.has(to)) throw new StoreError('ALREADYEXISTS', `mailbox ${to} already exists`);
    // Renaming INBOX moves its messages and INBOX itself stays, so "INBOX/old" is fine (RFC 3501 6.3.5).
    if (from !== INBOX && (to === from || to.startsWith(from + HIERARCHY_DELIMITER))) {
      throw new StoreError('CANNOT', `cannot rename ${from} into itself`);
    }
    if (from === INBOX) {
      const target = this.createMailbox(to);
      for (const message of box.messages) {
        target.append(message.raw, origin, { flags: message.flags, internalDate: message.internalDate });
      }
      box.expunge([...box.messages], origin);
      return target;
    }
    const prefix = from + HIERARCHY_DELIMITER;
    const renamed = new Map<string, string>();
    const moves = [...this.boxes.entries()].filter(([n]) => n === from || n.startsWith(prefix));
    for (const [oldName, moving] of moves) {
      const newName = to + oldName.slice(from.length);
      this.boxes.delete(oldName);
      this.boxes.set(newName, moving);
      moving.markRenamed(newName, origin);
      renamed.set(oldName, newName);
    }
    for (const oldName of [...this.noselect].filter((n) => n.startsWith(prefix))) {
      this.noselect.delete(oldName);
      this.noselect.add(to + oldName.slice(from.length));
      renamed.set(oldName, to + oldName.slice(from.length));
    }
    this.subscriptions.rename(renamed);
    const parts = to.split(HIERARCHY_DELIMITER);
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(HIERARCHY_DELIMITER);
      if (!this.boxes.has(parent) && !this.noselect.has(parent)) this.addBox(parent);
    }
    return box;
  }

  /**
   * COPY into `to` (RFC 3501 6.4.7): flags, internal date and bytes kept. Under a provider's rules
   * (Gmail) a copy may be the same message gaining a label. Returns the copy of each source, in order.
   */
  copyMessages(messages: readonly Message[], from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message[] {
    if (this.rules) return this.rules.copy(messages, from, to, origin);
    return messages.map((message) => to.append(message.raw, origin, { flags: message.flags, internalDate: message.internalDate }));
  }

  /** MOVE (RFC 6851): copy, then expunge the sources from `from`. Returns the copies, in order. */
  moveMessages(messages: readonly Message[], from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message[] {
    if (this.rules) return this.rules.move(messages, from, to, origin);
    const copies = this.copyMessages(messages, from, to, origin);
    from.expunge(messages, origin);
    return copies;
  }

  /** Where a special-use folder is (the first with that attribute), e.g. "\\Trash". */
  folderFor(use: SpecialUse): Mailbox | undefined {
    for (const box of this.boxes.values()) if (box.specialUse === use) return box;
    return undefined;
  }

  private addBox(name: string, specialUse?: SpecialUse): Mailbox {
    const box = new Mailbox(name, { ...this.context, account: this.address, hooks: () => this.rules }, specialUse);
    this.boxes.set(name, box);
    return box;
  }
}

/** The canonical name (INBOX in any case becomes INBOX), or StoreError INVALID saying what is wrong. */
export function validateName(rawName: string): string {
  const name = normalizeMailboxName(rawName);
  if (name === '') throw new StoreError('INVALID', 'mailbox name is empty');
  if (name.length > MAX_MAILBOX_NAME_LENGTH) {
    throw new StoreError('INVALID', `mailbox name longer than ${MAX_MAILBOX_NAME_LENGTH} characters`);
  }
  const levels = name.split(HIERARCHY_DELIMITER);
  if (levels.some((part) => part === '')) {
    throw new StoreError('INVALID', `mailbox name "${name}" has an empty hierarchy level`);
  }
  // Clients map mailboxes to directories: mbsync refuses to sync an account that has a "." or ".."
  // level, and offlineimap writes outside its folder for one. No real mailbox needs them.
  if (levels.some((part) => part === '.' || part === '..')) {
    throw new StoreError('INVALID', `mailbox name "${name}" has a "." or ".." level`);
  }
  // Wildcards and control characters in names break LIST matching and terminals.
  if (/[*%\x00-\x1f\x7f]/.test(name)) {
    throw new StoreError('INVALID', `mailbox name "${name}" contains a wildcard or control character`);
  }
  return name;
}

export function compareMailboxNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === INBOX) return -1;
  if (b === INBOX) return 1;
  return a < b ? -1 : 1;
}
