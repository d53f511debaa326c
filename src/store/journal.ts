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

export type MailboxChange =
  | { readonly kind: 'exists'; readonly message: Message }
  | { readonly kind: 'flags'; readonly message: Message }
  | { readonly kind: 'expunge'; readonly message: Message }
  | { readonly kind: 'renamed'; readonly from: string; readonly to: string }
  | { readonly kind: 'deleted' };

export interface JournalEntry {
  /** Increases by one per entry across the whole store: a total order of changes. */
  readonly seq: number;
  /** Clock time of the change. */
  readonly at: number;
  readonly account: string;
  readonly mailbox: string;
  readonly change: MailboxChange;
  readonly origin: ChangeOrigin;
}

export type JournalListener = (entry: JournalEntry) => void;

/**
 * The change journal: an ordered log of every mailbox change plus synchronous listeners.
 * Listeners run inside the store call that made the change, before it returns, so a session
 * queues the news before any later command of any session can observe the new state.
 */
export class Journal {
  private readonly entries: JournalEntry[] = [];
  private readonly listeners = new Set<JournalListener>();
  private nextSeq = 1;

  /** Keeps the log bounded for long-running `serve` processes; subscribers never depend on it. */
  static readonly MAX_KEPT_ENTRIES = 100_000;

  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full: JournalEntry = { ...entry, seq: this.nextSeq++ };
    this.entries.push(full);
    if (this.entries.length > Journal.MAX_KEPT_ENTRIES) this.entries.splice(0, this.entries.length / 2);
    for (const listener of [...this.listeners]) listener(full);
    return full;
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entries recorded so far (the most recent MAX_KEPT_ENTRIES). */
  history(): readonly JournalEntry[] {
    return this.entries;
  }
}
