import type { EventLog } from '../devices/events.js';
import { readListingHeaders } from '../devices/headers.js';
import type { JournalEntry, MailStore } from '../store/index.js';

/**
 * Watches the store for changes the server makes by itself — today, \Seen set at the end of a
 * POP3 session on what it RETRieved (Dovecot's behaviour) — and records each as a timeline event
 * naming the device whose action caused it. Devices act one at a time, so the device running when
 * the change happens is its cause; the event is recorded after that device's own events.
 */
export class ServerObserver {
  private actor?: string;
  private readonly pending: { entry: JournalEntry; by: string | undefined }[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: MailStore,
    private readonly log: EventLog,
  ) {
    this.unsubscribe = store.journal.subscribe((entry) => {
      if (entry.change.kind === 'flags' && entry.origin.label.startsWith('pop3 ')) this.pending.push({ entry, by: this.actor });
    });
  }

  /** Runs one device's work, then records what the server did because of it. */
  async during(device: string, work: () => Promise<void>): Promise<void> {
    const previous = this.actor;
    this.actor = device;
    try {
      await work();
    } finally {
      this.actor = previous;
      if (previous === undefined) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    for (const { entry, by } of this.pending.splice(0)) {
      if (entry.change.kind !== 'flags') continue;
      const message = this.store.account(entry.account)?.mailbox(entry.mailbox)?.byUid(entry.change.uid);
      if (!message) continue;
      const headers = await readListingHeaders(message.raw);
      const subject = headers.subject;
      this.log.record({
        kind: 'server-flag',
        ...(by ? { by } : {}),
        message: headers.messageId ?? message.id,
        subject,
        text: `marked "${subject}" read (\\Seen): ${by ?? 'a client'} downloaded it by POP3, and like Dovecot this server sets \\Seen on what a POP3 session retrieved`,
      });
    }
  }

  close(): void {
    this.unsubscribe();
  }
}
