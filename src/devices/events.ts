import type { Clock } from '../sim/clock.js';
import { StringTable } from '../text/intern.js';

/** What happened, in the order it happened: the raw material of timelines, verdicts and --explain. */
export type RunEventKind =
  | 'note' // narration from the scenario
  | 'deliver' // a message reached the server
  | 'check' // a device checked mail (summary)
  | 'download' // a device got a message (POP3 RETR/TOP, IMAP fetch)
  | 'server-delete' // a device removed a message from the server
  | 'server-flag' // the server changed a message's flags by itself (e.g. \Seen after a POP3 RETR)
  | 'read'
  | 'unread'
  | 'flag'
  | 'unflag'
  | 'delete' // the user deleted a message on a device
  | 'move'
  | 'copy'
  | 'send' // the user sent a message from a device
  | 'open' // the user opened a folder the device does not sync
  | 'settings' // the user changed the device's settings
  | 'vanish' // a message disappeared from a device because the server no longer has it
  | 'update' // a device learned of a flag change made elsewhere
  | 'resync' // how a device caught up with a folder in a new session (CONDSTORE or QRESYNC)
  | 'missing' // a step wanted a message the device does not show
  | 'offline'
  | 'online'
  | 'skipped' // a check that could not run (device offline)
  | 'conflict' // an offline change that could not be replayed
  | 'error'; // a check that failed (e.g. the server refused the login)

export interface RunEvent {
  /** Virtual time, ms since the epoch. */
  readonly at: number;
  /** Order of recording: events at the same instant keep their order. */
  readonly seq: number;
  readonly kind: RunEventKind;
  /** The device involved; absent for deliveries, notes and the server's own changes. */
  readonly device?: string;
  /** For the server's own changes: the device whose action made the server do it. */
  readonly by?: string;
  /** Message key (its Message-ID) when the event concerns one message. */
  readonly message?: string;
  /** Its subject, for people. */
  readonly subject?: string;
  /** One sentence for the timeline, without the device name or time. */
  readonly text: string;
  /** Part of the summary event just before it (e.g. one download of a check); timelines indent it. */
  readonly detail?: boolean;
}

export type NewEvent = Omit<RunEvent, 'at' | 'seq'>;

/** Collects events stamped with virtual time. One per variant run. */
export class EventLog {
  private readonly list: RunEvent[] = [];
  /**
   * Event texts, shared: every device of a run tells the same "got "Bulk (7)" in INBOX (whole
   * message, 519 bytes)", so one copy serves them all (and each is kept flat, never a view of
   * the text it was built from).
   */
  private readonly texts = new StringTable();

  constructor(private readonly clock: Clock) {}

  /** `detail` overrides the event's own flag (recordGroup), so a detail is not copied just to set it. */
  record(event: NewEvent, detail: boolean | undefined = event.detail): RunEvent {
    // Every key written, in one order, so every event has one shape with its fields inside the
    // object. Spread together, events took the shape of whatever each caller wrote, with their
    // fields out of line: 120 bytes an event instead of 96, and a large run keeps about one and a
    // half events per device and message (heap snapshot of 10 + 10 devices x 2,000 messages).
    const full: RunEvent = {
      at: this.clock.now(),
      seq: this.list.length + 1,
      kind: event.kind,
      device: event.device,
      by: event.by,
      message: event.message,
      subject: event.subject,
      text: this.texts.intern(event.text),
      detail,
    };
    this.list.push(full);
    return full;
  }

  /** Records a summary and then its details, so a timeline reads "checked mail" before "downloaded x". */
  recordGroup(summary: NewEvent, details: readonly NewEvent[]): void {
    this.record(summary);
    for (const detail of details) this.record(detail, true);
  }

  get events(): readonly RunEvent[] {
    return this.list;
  }
}
