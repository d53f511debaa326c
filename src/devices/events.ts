import type { Clock } from '../sim/clock.js';
import { StringTable } from '../text/intern.js';

/** What happened, in the order it happened: the raw material of timelines, verdicts and --explain. */
export const RUN_EVENT_KINDS = [
  'note', // narration from the scenario
  'deliver', // a message reached the server
  'check', // a device checked mail (summary)
  'download', // a device got a message (POP3 RETR/TOP, IMAP fetch)
  'server-delete', // a device removed a message from the server
  'server-flag', // the server changed a message's flags by itself (e.g. \Seen after a POP3 RETR)
  'read',
  'unread',
  'flag',
  'unflag',
  'delete', // the user deleted a message on a device
  'move',
  'copy',
  'send', // the user sent a message from a device
  'open', // the user opened a folder the device does not sync
  'settings', // the user changed the device's settings
  'vanish', // a message disappeared from a device because the server no longer has it
  'update', // a device learned of a flag change made elsewhere
  'resync', // how a device caught up with a folder in a new session (CONDSTORE or QRESYNC)
  'missing', // a step wanted a message the device does not show
  'offline',
  'online',
  'skipped', // a check that could not run (device offline)
  'conflict', // an offline change that could not be replayed
  'error', // a check that failed (e.g. the server refused the login)
] as const;

export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

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

const KIND_CODE = new Map<RunEventKind, number>(RUN_EVENT_KINDS.map((kind, i) => [kind, i]));
/** `detail` as two bits beside the kind: absent, false, true. */
const DETAIL_CODES = [undefined, false, true] as const;

/**
 * Collects events stamped with virtual time. One per variant run.
 *
 * While the run goes on, events are kept as columns (a time, a code for kind and detail, and the
 * strings, each shared) rather than as objects: a large run records about one and a half events
 * per device and message, and as objects of nine fields with a boxed time they were ~110 bytes
 * each, a quarter of what a run of 100 devices x 1,000 messages kept alive at its peak (heap
 * snapshot). Columns take 48. The objects are made when `events` is first read, which is when the
 * run has ended and the devices' own state is gone; events recorded after that are added to them
 * on the next read.
 */
export class EventLog {
  /** Events already made into objects; the columns hold those recorded since. */
  private readonly list: RunEvent[] = [];
  private at: number[] = [];
  private code: number[] = [];
  private device: (string | undefined)[] = [];
  private message: (string | undefined)[] = [];
  private subject: (string | undefined)[] = [];
  private text: string[] = [];
  /** `by` by column index: few events have one. */
  private by = new Map<number, string>();
  /**
   * Event texts, shared: every device of a run tells the same "got "Bulk (7)" in INBOX (whole
   * message, 519 bytes)", so one copy serves them all (and each is kept flat, never a view of
   * the text it was built from).
   */
  private readonly texts = new StringTable();

  constructor(private readonly clock: Clock) {}

  /** `detail` overrides the event's own flag (recordGroup), so a detail is not copied just to set it. */
  record(event: NewEvent, detail: boolean | undefined = event.detail): void {
    const column = this.at.length;
    this.at.push(this.clock.now());
    this.code.push(KIND_CODE.get(event.kind)! * 4 + (detail === undefined ? 0 : detail ? 2 : 1));
    this.device.push(event.device);
    this.message.push(event.message);
    this.subject.push(event.subject);
    this.text.push(this.texts.intern(event.text));
    if (event.by !== undefined) this.by.set(column, event.by);
  }

  /** Records a summary and then its details, so a timeline reads "checked mail" before "downloaded x". */
  recordGroup(summary: NewEvent, details: readonly NewEvent[]): void {
    this.record(summary);
    for (const detail of details) this.record(detail, true);
  }

  /** How many events there are, without making them into objects (frames count them during the run). */
  get length(): number {
    return this.list.length + this.at.length;
  }

  /** Every event, in order of recording. */
  get events(): readonly RunEvent[] {
    if (this.at.length > 0) this.materialize();
    return this.list;
  }

  private materialize(): void {
    for (let i = 0; i < this.at.length; i++) {
      const code = this.code[i]!;
      // Every key written, in one order, so every event has one shape with its fields inside the
      // object (spread together, events took the shape of whatever each caller wrote).
      this.list.push({
        at: this.at[i]!,
        seq: this.list.length + 1,
        kind: RUN_EVENT_KINDS[code >> 2]!,
        device: this.device[i],
        by: this.by.get(i),
        message: this.message[i],
        subject: this.subject[i],
        text: this.text[i]!,
        detail: DETAIL_CODES[code & 3],
      });
    }
    this.at = [];
    this.code = [];
    this.device = [];
    this.message = [];
    this.subject = [];
    this.text = [];
    this.by = new Map();
  }
}
