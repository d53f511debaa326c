import type { Message } from './message.js';

/**
 * Who made a change. Sessions pass themselves as `token` so they can tell their own changes
 * (already answered in the command's response) from other sessions' (to be pushed as untagged data).
 */
export interface ChangeOrigin {
  /** Human-readable, e.g. "pop3 alice@example.com" or "smtp". */
  readonly label: string;
  readonly token?: unknown;
}

/** A change as it happens, told to the mailbox's watchers (the sessions that have it selected). */
export type MailboxChange =
  | { readonly kind: 'exists'; readonly message: Message }
  | { readonly kind: 'flags'; readonly message: Message }
  | { readonly kind: 'expunge'; readonly message: Message }
  | { readonly kind: 'renamed'; readonly from: string; readonly to: string }
  | { readonly kind: 'deleted' };

/**
 * What the journal keeps of a change: the message's uid, mod-sequence and flags at that moment,
 * never the message itself. An entry that held the Message would hold its bytes and parsed MIME
 * tree for as long as the journal keeps the entry, so deleted mail would never be freed.
 */
export type ChangeRecord =
  | { readonly kind: 'exists' | 'flags' | 'expunge'; readonly uid: number; readonly modseq: number; readonly flags: readonly string[] }
  | { readonly kind: 'renamed'; readonly from: string; readonly to: string }
  | { readonly kind: 'deleted' };

export interface JournalEntry {
  /** Increases by one per entry across the whole store: a total order of changes. */
  readonly seq: number;
  /** Clock time of the change. */
  readonly at: number;
  readonly account: string;
  readonly mailbox: string;
  readonly change: ChangeRecord;
  /** The origin's label only: a session's token would keep the closed session alive. */
  readonly origin: { readonly label: string };
}

/** What a mailbox watcher hears: the journal entry, plus the live change and who made it. */
export interface MailboxEvent {
  readonly entry: JournalEntry;
  readonly change: MailboxChange;
  readonly origin: ChangeOrigin;
}

export type JournalListener = (entry: JournalEntry) => void;

/**
 * Most entries the journal keeps. Entries are small (no message data), so 100,000 cost a few
 * megabytes; a long-running `serve` drops the older half when it passes this. Nothing in the
 * server depends on old entries: sessions hear of changes through their mailbox's watchers.
 */
export const MAX_JOURNAL_ENTRIES = 100_000;

/**
 * The change journal: an ordered log of every mailbox change plus synchronous listeners.
 * Listeners run inside the store call that made the change, before it returns, so a session
 * queues the news before any later command of any session can observe the new state.
 */
export class Journal {
  private entries: JournalEntry[] = [];
  private readonly listeners = new Set<JournalListener>();
  private nextSeq = 1;

  /** Appends the record of a change and tells the listeners. */
  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full: JournalEntry = { ...entry, origin: { label: entry.origin.label }, seq: this.nextSeq++ };
    this.entries.push(full);
    if (this.entries.length > MAX_JOURNAL_ENTRIES) this.entries = this.entries.slice(this.entries.length >> 1);
    for (const listener of [...this.listeners]) listener(full);
    return full;
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries recorded so far (at most the most recent MAX_JOURNAL_ENTRIES). */
  history(): readonly JournalEntry[] {
    return this.entries;
  }
}

/** The journal's record of a live change. */
export function recordOf(change: MailboxChange, modseq: number): ChangeRecord {
  switch (change.kind) {
    case 'exists':
    case 'flags':
    case 'expunge':
      return { kind: change.kind, uid: change.message.uid, modseq, flags: change.message.flags };
    default:
      return change;
  }
}
