import type { Clock } from '../sim/clock.js';
import { StoreError } from './errors.js';
import { ExpungeHistory } from './expunge-history.js';
import { FlagSet } from './flags.js';
import { recordOf, type ChangeOrigin, type Journal, type MailboxChange, type MailboxEvent } from './journal.js';
import { Message } from './message.js';

/** RFC 6154 special-use attributes the store knows how to create. */
export type SpecialUse = '\\Sent' | '\\Drafts' | '\\Trash' | '\\Archive' | '\\Junk' | '\\All' | '\\Flagged' | '\\Important';

export type FlagOperation = 'add' | 'remove' | 'set';

export interface AppendOptions {
  flags?: Iterable<string>;
  /** Defaults to the store clock's now. */
  internalDate?: number;
}

export interface FlagResult {
  /** Messages whose flags actually changed (their modseq was bumped). */
  readonly changed: Message[];
  /** CONDSTORE: messages left alone because their modseq exceeded UNCHANGEDSINCE. */
  readonly modified: Message[];
}

/** What a mailbox needs from its account and store; passed in so Mailbox stays testable alone. */
export interface MailboxContext {
  readonly clock: Clock;
  readonly journal: Journal;
  readonly account: string;
  /** A UIDVALIDITY for a mailbox of this name created now (store/uid-validity.ts). */
  nextUidValidity(name: string): number;
  /**
   * Told of every change after it is recorded: a provider's rules that span mailboxes (Gmail's
   * labels) keep the other copies in step. Read at each change, so rules installed after the
   * mailbox was made still apply.
   */
  hooks?(): MailboxHooks | undefined;
}

/** What a rule spanning mailboxes hears; it may change other mailboxes (and this one) in turn. */
export interface MailboxHooks {
  appended(mailbox: Mailbox, message: Message, origin: ChangeOrigin): void;
  flagsChanged(mailbox: Mailbox, changed: readonly Message[], origin: ChangeOrigin): void;
  expunged(mailbox: Mailbox, removed: readonly Message[], origin: ChangeOrigin): void;
}

export type MailboxWatcher = (event: MailboxEvent) => void;

/**
 * A mailbox: messages ordered by uid, uidValidity/uidNext (RFC 3501 2.3.1.1) and highestModSeq
 * (RFC 7162). Every mutation goes through here and is recorded in the journal and told to watchers.
 */
export class Mailbox {
  readonly uidValidity: number;
  private uidNextValue = 1;
  private highestModSeqValue = 1;
  /** QRESYNC's memory of expunged UIDs and their mod-sequences (RFC 7162 3.2.5). */
  readonly expungeHistory = new ExpungeHistory();
  private readonly list: Message[] = [];
  private readonly byUidMap = new Map<number, Message>();
  private readonly watchers = new Set<MailboxWatcher>();
  /** Keywords ever used here, announced in FLAGS/PERMANENTFLAGS. */
  readonly keywords = new Set<string>();
  /**
   * RFC 3501 \Recent: the first session to select the mailbox after a message arrives "claims" it.
   * Messages with uid >= this have not been claimed yet.
   */
  private recentFrontier = 1;

  constructor(
    private nameValue: string,
    private readonly context: MailboxContext,
    readonly specialUse?: SpecialUse,
  ) {
    this.uidValidity = context.nextUidValidity(nameValue);
  }

  get name(): string {
    return this.nameValue;
  }

  get uidNext(): number {
    return this.uidNextValue;
  }

  get highestModSeq(): number {
    return this.highestModSeqValue;
  }

  /** Messages in uid order. Read-only view: mutate through the methods below. */
  get messages(): readonly Message[] {
    return this.list;
  }

  get account(): string {
    return this.context.account;
  }

  byUid(uid: number): Message | undefined {
    return this.byUidMap.get(uid);
  }

  /** Total size in octets, as POP3 STAT and IMAP STATUS SIZE report it. */
  get totalSize(): number {
    let total = 0;
    for (const m of this.list) total += m.size;
    return total;
  }

  countWithout(flag: string): number {
    let n = 0;
    for (const m of this.list) if (!m.hasFlag(flag)) n++;
    return n;
  }

  /** Watch this mailbox's changes; returns the unsubscribe function. */
  watch(watcher: MailboxWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Uids that would count as \Recent, without claiming them (EXAMINE, STATUS RECENT). */
  peekRecent(): Set<number> {
    const recent = new Set<number>();
    for (let i = this.firstAtOrAbove(this.recentFrontier); i < this.list.length; i++) recent.add(this.list[i]!.uid);
    return recent;
  }

  /**
   * Uids that count as \Recent for the caller, who claims them (RFC 3501 2.3.2): every message so
   * far, or only those up to `upToUid`, the last one the caller has been told of. A session must not
   * claim a message whose EXISTS it has not heard yet: it might close before it hears it, and the
   * message would then be \Recent for no session at all.
   */
  claimRecent(upToUid = this.uidNextValue - 1): Set<number> {
    const recent = new Set<number>();
    // Only the unclaimed tail is read: a session claiming each new message as it hears of it
    // would otherwise scan the whole mailbox per message (quadratic in a bulk delivery).
    for (let i = this.firstAtOrAbove(this.recentFrontier); i < this.list.length && this.list[i]!.uid <= upToUid; i++) recent.add(this.list[i]!.uid);
    this.recentFrontier = Math.max(this.recentFrontier, upToUid + 1);
    return recent;
  }

  /** Index of the first message whose uid is at least `uid` (the list is in uid order). */
  private firstAtOrAbove(uid: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.list[mid]!.uid < uid) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Whether no session has claimed this uid yet (EXAMINE shows \Recent without claiming it). */
  isUnclaimed(uid: number): boolean {
    return uid >= this.recentFrontier;
  }

  append(raw: Buffer, origin: ChangeOrigin, options: AppendOptions = {}): Message {
    const uid = this.uidNextValue++;
    const modseq = this.bumpModSeq();
    const flags = new FlagSet(options.flags ?? []);
    const message = new Message(
      `${this.uidValidity}.${uid}`,
      uid,
      raw,
      options.internalDate ?? this.context.clock.now(),
      flags.toArray(),
      modseq,
      this.context.clock.now(),
    );
    for (const flag of message.flags) if (!flag.startsWith('\\')) this.keywords.add(flag);
    this.list.push(message);
    this.byUidMap.set(uid, message);
    this.emit({ kind: 'exists', message }, origin);
    this.context.hooks?.()?.appended(this, message, origin);
    return message;
  }

  /**
   * Adds, removes or replaces flags. With `unchangedSince` (CONDSTORE), a message whose modseq is
   * greater is left alone and reported in `modified` (RFC 7162 3.1.3).
   */
  setFlags(
    messages: Iterable<Message>,
    operation: FlagOperation,
    flags: Iterable<string>,
    origin: ChangeOrigin,
    unchangedSince?: number,
  ): FlagResult {
    const wanted = [...flags];
    const changed: Message[] = [];
    const modified: Message[] = [];
    for (const message of messages) {
      this.assertHere(message);
      if (message.expunged) continue;
      if (unchangedSince !== undefined && message.modseq > unchangedSince) {
        modified.push(message);
        continue;
      }
      if (applyFlags(message.flagSet, operation, wanted)) {
        message.modseq = this.bumpModSeq();
        for (const flag of wanted) if (!flag.startsWith('\\') && operation !== 'remove') this.keywords.add(flag);
        changed.push(message);
        this.emit({ kind: 'flags', message }, origin);
      }
    }
    if (changed.length > 0) this.context.hooks?.()?.flagsChanged(this, changed, origin);
    return { changed, modified };
  }

  /** Removes messages for good. Returns those removed, in uid order. */
  expunge(messages: Iterable<Message>, origin: ChangeOrigin): Message[] {
    const doomed = new Set<Message>();
    for (const message of messages) {
      this.assertHere(message);
      if (!message.expunged) doomed.add(message);
    }
    if (doomed.size === 0) return [];
    const removed: Message[] = [];
    for (let i = this.list.length - 1; i >= 0; i--) {
      const message = this.list[i]!;
      if (!doomed.has(message)) continue;
      this.list.splice(i, 1);
      this.byUidMap.delete(message.uid);
      message.expunged = true;
      removed.unshift(message);
    }
    this.expungeHistory.record(removed.map((m) => m.uid), this.bumpModSeq());
    for (const message of removed) this.emit({ kind: 'expunge', message }, origin);
    this.context.hooks?.()?.expunged(this, removed, origin);
    return removed;
  }

  /** Called by Account when the mailbox is renamed or deleted. */
  markRenamed(to: string, origin: ChangeOrigin): void {
    const from = this.nameValue;
    this.nameValue = to;
    this.emit({ kind: 'renamed', from, to }, origin);
  }

  markDeleted(origin: ChangeOrigin): void {
    for (const message of this.list) message.expunged = true;
    this.emit({ kind: 'deleted' }, origin);
    this.watchers.clear();
  }

  private bumpModSeq(): number {
    return ++this.highestModSeqValue;
  }

  private assertHere(message: Message): void {
    if (this.byUidMap.get(message.uid) !== message && !message.expunged) {
      throw new StoreError('INVALID', `message ${message.id} does not belong to ${this.nameValue}`);
    }
  }

  /** Records the change (its mod-sequence is the mailbox's, just bumped) and tells the watchers. */
  private emit(change: MailboxChange, origin: ChangeOrigin): void {
    const entry = this.context.journal.record({
      at: this.context.clock.now(),
      account: this.context.account,
      mailbox: this.nameValue,
      change: recordOf(change, this.highestModSeqValue),
      origin,
    });
    const event: MailboxEvent = { entry, change, origin };
    for (const watcher of [...this.watchers]) watcher(event);
  }
}

/** Returns true when the set changed. */
function applyFlags(set: FlagSet, operation: FlagOperation, flags: string[]): boolean {
  let changed = false;
  switch (operation) {
    case 'add':
      for (const flag of flags) changed = set.add(flag) || changed;
      return changed;
    case 'remove':
      for (const flag of flags) changed = set.delete(flag) || changed;
      return changed;
    case 'set': {
      const next = new FlagSet(flags);
      if (next.equals(set)) return false;
      for (const flag of set.toArray()) set.delete(flag);
      for (const flag of next.toArray()) set.add(flag);
      return true;
    }
  }
}
