import type { Mailbox } from '../store/mailbox.js';
import type { Message } from '../store/message.js';
import { MAX_PENDING_CHANGES, MAX_PENDING_FLAG_MESSAGES } from './limits.js';
import { Atom, atom, compactSequenceSet, flagAtoms, forEachSequenceNumber, resolveUidIndexes, type ImapValue, type SequenceSet } from './syntax/index.js';

/** A message as one session numbers it. */
export interface Numbered {
  readonly seq: number;
  readonly message: Message;
}

export interface DrainOptions {
  /** RFC 3501 7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH (their non-UID forms). */
  readonly allowExpunge: boolean;
  /** RFC 7162: once CONDSTORE is on, unsolicited FETCH carries MODSEQ. */
  readonly condstore: boolean;
  /** RFC 7162 3.2.10: once QRESYNC is on, `* VANISHED uids` replaces `* n EXPUNGE`. */
  readonly vanished?: boolean;
}

/**
 * News of one message's flags waiting to be told. All flag changes to a message while it waits
 * share one entry, and one FETCH with its flags as they are then.
 */
interface FlagNews {
  readonly kind: 'flags';
  readonly message: Message;
  /**
   * Another session (or protocol) changed the flags, and this client has not seen the result: no
   * response of ours has carried the message's FLAGS since. Only this session's own changes
   * (answered in its STORE or FETCH response, or silenced with .SILENT) leave it false.
   */
  unreported: boolean;
}

type Pending =
  | { readonly kind: 'exists'; readonly message: Message }
  | { readonly kind: 'expunge'; readonly message: Message }
  | FlagNews
  | { readonly kind: 'deleted' };

/**
 * One session's view of its selected mailbox: its own message sequence numbers, and the queue of
 * changes (from any session, POP3 or SMTP) it has not reported yet. The view changes only when a
 * change is reported, so sequence numbers stay what the client last heard, even while the store
 * has moved on: an expunged message stays in the view (a "ghost") until its EXPUNGE is sent.
 *
 * The queue is bounded however long the client stays silent: flag news is one entry per message
 * (MAX_PENDING_FLAG_MESSAGES of them, then one "every message changed since" mark), and past
 * MAX_PENDING_CHANGES arrivals and removals the session is `overflowed` and the connection says BYE.
 */
export class SelectedMailbox {
  private readonly view: Message[];
  private queue: Pending[] = [];
  private readonly flagNews = new Map<Message, FlagNews>();
  /**
   * Set when flag news passed MAX_PENDING_FLAG_MESSAGES: every message of the view whose modseq
   * is above this may have new flags, and all of them are reported at the next drain.
   */
  private flagsChangedSince: number | undefined;
  private readonly recent: Set<number>;
  private readonly stopWatching: () => void;
  /** Set when another session deleted the mailbox; the connection then says BYE. */
  deleted = false;
  /** Set when more changes waited than MAX_PENDING_CHANGES; the connection then says BYE. */
  overflowed = false;
  /** IMAP4rev2 (RFC 9051 E.1) has no \Recent: no RECENT responses, no \Recent in FLAGS. */
  reportRecent = true;
  /** SEARCHRES (RFC 5182): UIDs the last SEARCH RETURN (SAVE) kept, which "$" names; empty after SELECT. */
  savedResult: ReadonlySet<number> = new Set();

  constructor(
    readonly mailbox: Mailbox,
    readonly readOnly: boolean,
    /** The session's origin token: its own flag changes were answered in its responses. */
    private readonly owner: unknown,
    onChange: () => void,
  ) {
    this.view = [...mailbox.messages];
    // EXAMINE must not change \Recent (RFC 3501 6.3.2); SELECT claims it for this session.
    this.recent = readOnly ? mailbox.peekRecent() : mailbox.claimRecent();
    this.stopWatching = mailbox.watch(({ change, origin }) => {
      if (this.overflowed) return;
      switch (change.kind) {
        case 'flags':
          this.queueFlags(change.message, origin.token !== this.owner);
          break;
        case 'exists':
        case 'expunge':
        case 'deleted':
          this.enqueue(change);
          break;
        case 'renamed':
          // The client keeps using the mailbox it selected; nothing to report.
          return;
      }
      onChange();
    });
  }

  close(): void {
    this.stopWatching();
    this.queue = [];
    this.flagNews.clear();
  }

  get count(): number {
    return this.view.length;
  }

  get messages(): readonly Message[] {
    return this.view;
  }

  get recentCount(): number {
    return this.recent.size;
  }

  get hasPending(): boolean {
    return this.queue.length > 0 || this.flagsChangedSince !== undefined;
  }

  /** Changes waiting to be told (for tests and resource checks). */
  get pendingCount(): number {
    return this.queue.length;
  }

  isRecent(message: Message): boolean {
    return this.recent.has(message.uid);
  }

  /** Flags as this session reports them: the stored flags plus its \Recent. */
  flagsOf(message: Message): string[] {
    return this.reportRecent && this.isRecent(message) ? [...message.flags, '\\Recent'] : message.flags;
  }

  /**
   * The flags of a message for a response that carries them (FETCH FLAGS, STORE's echo): once the
   * client has read them, queued news of this message's flags has nothing left to tell.
   */
  flagsToReport(message: Message): string[] {
    this.noteFlagsReported(message);
    return this.flagsOf(message);
  }

  /** A response of ours is carrying this message's FLAGS: queued news of them has nothing left to tell. */
  noteFlagsReported(message: Message): void {
    const news = this.flagNews.get(message);
    if (news) news.unreported = false;
  }

  /** Whether this session's FLAGS for the message include \Recent. */
  reportsRecent(message: Message): boolean {
    return this.reportRecent && this.isRecent(message);
  }

  /** Sequence number of a message in this view (uids ascend, so a binary search). */
  seqOf(message: Message): number | undefined {
    let low = 0;
    let high = this.view.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const uid = this.view[mid]!.uid;
      if (uid === message.uid) return this.view[mid] === message ? mid + 1 : undefined;
      if (uid < message.uid) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }

  /** The messages of "$" still in the view, in sequence order. */
  savedMessages(): Numbered[] {
    const out: Numbered[] = [];
    this.view.forEach((message, index) => {
      if (this.savedResult.has(message.uid)) out.push({ seq: index + 1, message });
    });
    return out;
  }

  bySequence(set: SequenceSet): Numbered[] {
    const view = this.view;
    const found: Numbered[] = [];
    forEachSequenceNumber(set, view.length, (seq) => found.push({ seq, message: view[seq - 1]! }));
    return found;
  }

  byUid(set: SequenceSet): Numbered[] {
    // The view is in UID order (sequence numbers follow UIDs), so each range is a binary search.
    const view = this.view;
    return resolveUidIndexes(set, view.length, (index) => view[index]!.uid).map((index) => ({ seq: index + 1, message: view[index]! }));
  }

  /**
   * Untagged responses for queued changes, in the order they happened. Stops before an EXPUNGE
   * that may not be sent now, leaving it and everything after it queued, so the client never
   * hears of a later EXISTS before an earlier EXPUNGE.
   */
  drain(options: DrainOptions): ImapValue[][] {
    const out: ImapValue[][] = [];
    let added = 0;
    const announce = (): void => {
      if (added === 0) return;
      out.push([this.view.length, atom('EXISTS')]);
      if (this.reportRecent) out.push([this.recent.size, atom('RECENT')]);
      added = 0;
    };
    let done = 0;
    for (; done < this.queue.length; done++) {
      const entry = this.queue[done]!;
      if (entry.kind === 'exists') {
        this.view.push(entry.message);
        this.noteRecent(entry.message);
        added++;
        continue;
      }
      announce();
      if (entry.kind === 'flags') {
        this.flagNews.delete(entry.message);
        if (entry.unreported && this.flagsChangedSince === undefined) this.pushFlags(out, entry.message, options);
      } else if (entry.kind === 'expunge') {
        if (!options.allowExpunge) break;
        const seq = this.seqOf(entry.message);
        if (seq === undefined) continue;
        this.view.splice(seq - 1, 1);
        this.recent.delete(entry.message.uid);
        if (!options.vanished) out.push([seq, atom('EXPUNGE')]);
        else {
          // Expunges in a row become one VANISHED with a UID set.
          const last = out[out.length - 1];
          if (last?.[0] instanceof Atom && last[0].text === 'VANISHED') (last[1] as number[]).push(entry.message.uid);
          else out.push([atom('VANISHED'), [entry.message.uid]]);
        }
      } else {
        this.deleted = true;
        done++;
        break;
      }
    }
    announce();
    for (const response of out) if (response[0] instanceof Atom && response[0].text === 'VANISHED') response[1] = atom(compactSequenceSet(response[1] as number[]));
    this.queue = this.queue.slice(done);
    if (this.flagsChangedSince !== undefined) {
      // Too many messages' flags changed to track one by one: report every one that may have.
      const since = this.flagsChangedSince;
      this.flagsChangedSince = undefined;
      for (const message of this.view) if (message.modseq > since && !message.expunged) this.pushFlags(out, message, options);
    }
    return out;
  }

  private pushFlags(out: ImapValue[][], message: Message, options: DrainOptions): void {
    const seq = this.seqOf(message);
    if (seq === undefined) return;
    const items: ImapValue[] = [atom('UID'), message.uid, atom('FLAGS'), flagAtoms(this.flagsOf(message))];
    if (options.condstore) items.push(atom('MODSEQ'), [message.modseq]);
    out.push([seq, atom('FETCH'), items]);
  }

  /** A message this session has just heard of: \Recent if it is the first session to (RFC 3501 2.3.2). */
  private noteRecent(message: Message): void {
    if (this.readOnly) {
      if (this.mailbox.isUnclaimed(message.uid)) this.recent.add(message.uid);
      return;
    }
    for (const uid of this.mailbox.claimRecent(message.uid)) this.recent.add(uid);
  }

  private queueFlags(message: Message, foreign: boolean): void {
    if (this.flagsChangedSince !== undefined) return;
    const news = this.flagNews.get(message);
    if (news) {
      news.unreported ||= foreign;
      return;
    }
    if (this.flagNews.size >= MAX_PENDING_FLAG_MESSAGES) {
      // From here on, one mark stands for all flag news: below it, everything was already told.
      this.flagsChangedSince = this.lowestUntoldModSeq();
      this.queue = this.queue.filter((entry) => entry.kind !== 'flags');
      this.flagNews.clear();
      return;
    }
    const entry: FlagNews = { kind: 'flags', message, unreported: foreign };
    this.flagNews.set(message, entry);
    this.enqueue(entry);
  }

  /** A modseq below every flag change still waiting (each change raised its message's modseq). */
  private lowestUntoldModSeq(): number {
    let lowest = this.mailbox.highestModSeq;
    for (const news of this.flagNews.values()) lowest = Math.min(lowest, news.message.modseq);
    return lowest - 1;
  }

  private enqueue(entry: Pending): void {
    this.queue.push(entry);
    if (this.queue.length > MAX_PENDING_CHANGES) {
      // The client has not spoken for a long time while the mailbox changed a lot. Rather than
      // hold all of it, the connection ends the session; the client reconnects and resyncs.
      this.overflowed = true;
      this.queue = [];
      this.flagNews.clear();
      this.flagsChangedSince = undefined;
    }
  }
}
