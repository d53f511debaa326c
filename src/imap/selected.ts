import type { JournalEntry } from '../store/journal.js';
import type { Mailbox } from '../store/mailbox.js';
import type { Message } from '../store/message.js';
import { atom, flagAtoms, resolveSequenceSet, resolveUidSet, type ImapValue, type SequenceSet } from './syntax/index.js';

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
}

/**
 * One session's view of its selected mailbox: its own message sequence numbers, and the queue of
 * changes (from any session, POP3 or SMTP) it has not reported yet. The view changes only when a
 * change is reported, so sequence numbers stay what the client last heard, even while the store
 * has moved on: an expunged message stays in the view (a "ghost") until its EXPUNGE is sent.
 */
export class SelectedMailbox {
  private readonly view: Message[];
  private queue: JournalEntry[] = [];
  private readonly recent: Set<number>;
  private readonly stopWatching: () => void;
  /** Set when another session deleted the mailbox; the connection then says BYE. */
  deleted = false;

  constructor(
    readonly mailbox: Mailbox,
    readonly readOnly: boolean,
    /** The session's origin token: its own flag changes were answered in its STORE response. */
    private readonly owner: unknown,
    onChange: () => void,
  ) {
    this.view = [...mailbox.messages];
    // EXAMINE must not change \Recent (RFC 3501 6.3.2); SELECT claims it for this session.
    this.recent = readOnly ? mailbox.peekRecent() : mailbox.claimRecent();
    this.stopWatching = mailbox.watch((entry) => {
      this.queue.push(entry);
      onChange();
    });
  }

  close(): void {
    this.stopWatching();
    this.queue = [];
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
    return this.queue.length > 0;
  }

  isRecent(message: Message): boolean {
    return this.recent.has(message.uid);
  }

  /** Flags as this session reports them: the stored flags plus its \Recent. */
  flagsOf(message: Message): string[] {
    return this.isRecent(message) ? [...message.flags, '\\Recent'] : message.flags;
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

  bySequence(set: SequenceSet): Numbered[] {
    return resolveSequenceSet(set, this.view.length).map((seq) => ({ seq, message: this.view[seq - 1]! }));
  }

  byUid(set: SequenceSet): Numbered[] {
    const uids = this.view.map((m) => m.uid);
    const wanted = new Set(resolveUidSet(set, uids));
    const out: Numbered[] = [];
    this.view.forEach((message, index) => {
      if (wanted.has(message.uid)) out.push({ seq: index + 1, message });
    });
    return out;
  }

  /**
   * Untagged responses for queued changes, in the order they happened. Stops before an EXPUNGE
   * that may not be sent now, leaving it and everything after it queued, so the client never
   * hears of a later EXISTS before an earlier EXPUNGE.
   */
  drain(options: DrainOptions): ImapValue[][] {
    const out: ImapValue[][] = [];
    // Several changes to one message's flags in a row need one FETCH, with its latest flags.
    const lastFlagEntry = new Map<Message, number>();
    this.queue.forEach((entry, i) => {
      if (entry.change.kind === 'flags') lastFlagEntry.set(entry.change.message, i);
    });
    let added = 0;
    const announce = (): void => {
      if (added === 0) return;
      out.push([this.view.length, atom('EXISTS')]);
      out.push([this.recent.size, atom('RECENT')]);
      added = 0;
    };
    let done = 0;
    for (; done < this.queue.length; done++) {
      const entry = this.queue[done]!;
      const change = entry.change;
      if (change.kind === 'exists') {
        this.view.push(change.message);
        if (!this.readOnly) for (const uid of this.mailbox.claimRecent()) this.recent.add(uid);
        added++;
        continue;
      }
      announce();
      if (change.kind === 'flags') {
        if (entry.origin.token === this.owner || lastFlagEntry.get(change.message) !== done) continue;
        const seq = this.seqOf(change.message);
        if (seq === undefined) continue;
        const items: ImapValue[] = [atom('UID'), change.message.uid, atom('FLAGS'), flagAtoms(this.flagsOf(change.message))];
        if (options.condstore) items.push(atom('MODSEQ'), [change.message.modseq]);
        out.push([seq, atom('FETCH'), items]);
      } else if (change.kind === 'expunge') {
        if (!options.allowExpunge) break;
        const seq = this.seqOf(change.message);
        if (seq === undefined) continue;
        this.view.splice(seq - 1, 1);
        this.recent.delete(change.message.uid);
        out.push([seq, atom('EXPUNGE')]);
      } else if (change.kind === 'deleted') {
        this.deleted = true;
        done++;
        break;
      }
      // 'renamed': the client keeps using the mailbox it selected; nothing to report.
    }
    announce();
    this.queue = this.queue.slice(done);
    return out;
  }
}
