import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { EventLog } from './events.js';
import type { LocalFolderSnapshot } from './local-store.js';
import type { DeviceSettings } from './settings.js';

/** What every device needs besides its settings: who it is, where the server is, time and log. */
export interface DeviceEnvironment {
  readonly name: string;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  readonly clock: Clock;
  readonly log: EventLog;
  /** Every line the device sends and receives, secrets masked (for --trace). */
  readonly onWire?: WireListener;
}

/** Which message(s) a user action means: a subject, a 1-based position (oldest first), or "*". */
export type Selector = string | number;

export type LocalAction =
  | { readonly kind: 'read' | 'unread' | 'flag' | 'unflag' | 'delete'; readonly selector: Selector; readonly folder?: string }
  | { readonly kind: 'move'; readonly selector: Selector; readonly folder?: string; readonly to: string };

/** Why a device checks: a step, its poll, the app opening, or a push client reconnecting after a drop. */
export type SyncReason = 'step' | 'poll' | 'start' | 'reconnect';

export interface DeviceSnapshot {
  readonly name: string;
  readonly protocol: 'pop3' | 'imap';
  readonly account: string;
  /** Every setting, resolved (what the scenario wrote, else the client profile, else neutral). */
  readonly settings: DeviceSettings;
  /** One line describing the settings that matter, e.g. "POP3, leave on server: off". */
  readonly summary: string;
  /** Octets this device downloaded from the server: headers, bodies, whole messages. */
  readonly downloadedBytes: number;
  readonly online: boolean;
  /** Server folders an IMAP device keeps in sync; absent for POP3 (its folders are local). */
  readonly syncs?: readonly string[] | 'all';
  readonly folders: readonly LocalFolderSnapshot[];
}

/**
 * A simulated mail client. The runner calls these between steps; every method awaits its protocol
 * work completely, so the next step sees a settled world.
 */
export interface Device {
  readonly name: string;
  readonly protocol: 'pop3' | 'imap';
  readonly account: string;
  /** The scenario begins: the app opens, and checks mail if its settings say so. */
  start(): Promise<void>;
  /** Check mail now (the user pressed "Get Messages", a poll came due, or the app opened). */
  sync(reason: SyncReason): Promise<void>;
  /** A user action on this device. */
  act(action: LocalAction): Promise<void>;
  setOnline(online: boolean): Promise<void>;
  /** For pushing devices: apply everything the server has pushed so far. */
  settle(): Promise<void>;
  snapshot(): DeviceSnapshot;
  close(): Promise<void>;
}
