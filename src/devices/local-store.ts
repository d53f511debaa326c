/**
 * What a device's user sees: folders of messages with local read/flag state. Both device kinds
 * keep one; the report compares them. Folder names follow IMAP ("INBOX", "Trash", ...), so a POP3
 * laptop's local Trash and an IMAP phone's server Trash line up in the report.
 */
export const INBOX = 'INBOX';
export const TRASH = 'Trash';

export interface LocalMessage {
  /** The message's identity across devices: its Message-ID header (or a server id when absent). */
  readonly key: string;
  readonly subject: string;
  readonly from: string;
  /** The Date header, ms since the epoch, when it parses. */
  readonly date?: number;
  seen: boolean;
  flagged: boolean;
  /** IMAP "mark as deleted" model: still listed, shown struck through. */
  deleted: boolean;
  /** Only headers were fetched (POP3 TOP, IMAP download: headers). */
  headersOnly: boolean;
  /** Attachments, once the whole message is here (absent while only headers are). */
  attachments?: number;
  /** Virtual time this device first showed the message. */
  readonly firstSeenAt: number;
}

/**
 * A LocalMessage with every field written, absent ones as undefined, in one order: one shape for
 * every device's copies, with all fields inside the object. Written with spreads for the optional
 * fields, half of a large run's copies took a second shape with their last fields in a separate
 * array, 40 bytes more each (heap snapshot of 100 devices x 1,000 messages).
 */
export function localMessage(m: LocalMessage): LocalMessage {
  return { key: m.key, subject: m.subject, from: m.from, date: m.date, seen: m.seen, flagged: m.flagged, deleted: m.deleted, headersOnly: m.headersOnly, attachments: m.attachments, firstSeenAt: m.firstSeenAt };
}

export interface LocalFolderSnapshot {
  readonly name: string;
  readonly messages: readonly LocalMessage[];
}

export class LocalStore {
  /**
   * Each folder's messages in the order they arrived there (`add` is the only way in, and a message
   * is in one folder at a time), which breaks ties between messages with the same Date.
   */
  private readonly folders = new Map<string, LocalMessage[]>([[INBOX, []]]);
  /** Message key -> how many copies the folders hold: answers "is it here" without a scan. */
  private readonly copies = new Map<string, number>();

  private folder(name: string): LocalMessage[] {
    let list = this.folders.get(name);
    if (!list) {
      list = [];
      this.folders.set(name, list);
    }
    return list;
  }

  add(folder: string, message: LocalMessage): void {
    this.folder(folder).push(message);
    this.copies.set(message.key, (this.copies.get(message.key) ?? 0) + 1);
  }

  /** Whether any folder holds a copy of the message. */
  holds(key: string): boolean {
    return (this.copies.get(key) ?? 0) > 0;
  }

  remove(folder: string, message: LocalMessage): boolean {
    const list = this.folders.get(folder);
    const index = list?.indexOf(message) ?? -1;
    if (index < 0) return false;
    list!.splice(index, 1);
    const left = (this.copies.get(message.key) ?? 1) - 1;
    if (left > 0) this.copies.set(message.key, left);
    else this.copies.delete(message.key);
    return true;
  }

  /**
   * Folders with their messages in display order (oldest first, as "message: 1" counts), INBOX
   * first, then folders alphabetically; empty folders other than INBOX are left out.
   *
   * The messages are the store's own, not copies: the run's last snapshot is taken when nothing
   * will change them again, and a copy of every one was a sixth of a large run's memory at its
   * peak (heap snapshot of 100 devices x 1,000 messages). What keeps a snapshot while the device
   * goes on copies it (frames.ts, sending.ts).
   */
  snapshot(): LocalFolderSnapshot[] {
    return [...this.folders.entries()]
      .filter(([name, list]) => name === INBOX || list.length > 0)
      .sort(([a], [b]) => (a === INBOX ? -1 : b === INBOX ? 1 : a < b ? -1 : a > b ? 1 : 0))
      .map(([name, list]) => ({ name, messages: this.sort(list) }));
  }

  /** Messages of a folder in display order. */
  ordered(folder: string): LocalMessage[] {
    return this.sort(this.folders.get(folder) ?? []);
  }

  /**
   * Oldest first by Date (or first sight), then in the order they arrived here: the sort is stable
   * (ECMAScript 2019) and the list is in arrival order, so no order number is kept per message.
   */
  private sort(list: readonly LocalMessage[]): LocalMessage[] {
    return [...list].sort((a, b) => (a.date ?? a.firstSeenAt) - (b.date ?? b.firstSeenAt));
  }
}
