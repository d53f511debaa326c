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
  /** The port for the device's protocol and security (the server's IMAPS port for IMAP over SSL/TLS). */
  readonly port: number;
  /** The server's certificate (PEM), which the device trusts as a user who accepted it would. */
  readonly ca?: string;
  readonly clock: Clock;
  readonly log: EventLog;
  /** Every line the device sends and receives, secrets masked (for --trace). */
  readonly onWire?: WireListener;
  /** The server's SMTP port for the device's security (SMTPS for SSL/TLS), where it submits mail it sends. */
  readonly smtpPort?: number;
  /**
   * The server files a copy of submitted mail in Sent by itself (Gmail does), so the client must
   * not APPEND one. Default false: the client saves the copy, as Thunderbird and K-9 do.
   */
  readonly serverSavesSent?: boolean;
}

/**
 * Which message(s) a user action means: a subject, a 1-based position (oldest first), "*", or a
 * message's key (what a step's message id resolves to).
 */
export type Selector = string | number | { readonly key: string };

export type LocalAction =
  | { readonly kind: 'read' | 'unread' | 'flag' | 'unflag' | 'delete'; readonly selector: Selector; readonly folder?: string }
  | { readonly kind: 'move' | 'copy'; readonly selector: Selector; readonly folder?: string; readonly to: string };

/** A message the user wrote on a device, composed and ready to submit. */
export interface OutgoingMail {
  readonly raw: Buffer;
  /** Its Message-ID. */
  readonly key: string;
  readonly subject: string;
  readonly from: string;
  /** Envelope recipients (To and Cc). */
  readonly recipients: readonly string[];
}

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
  /** Local folders no server keeps (what a POP3 account left behind after a switch to IMAP). */
  readonly localFolders?: readonly string[];
  /** Server folders an IMAP device keeps in sync (its settings' and those the user opened); absent for POP3. */
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
  /** The message a selector names in a folder, if the device shows it (for replies). */
  lookup(selector: Selector, folder?: string): { readonly key: string; readonly subject: string; readonly from: string } | undefined;
  /** The user sends a message: submit it over SMTP and keep a copy in Sent. */
  send(mail: OutgoingMail): Promise<void>;
  /** The user opens a server folder the device does not sync (IMAP); POP3 has none to open. */
  openFolder(folder: string): Promise<void>;
  /** The user changes settings without changing protocol; the device adapts from now on. */
  reconfigure(settings: DeviceSettings): Promise<void>;
  /** Takes over folders another account of this device left behind (a switch of protocol). */
  inherit(folders: readonly LocalFolderSnapshot[]): void;
  setOnline(online: boolean): Promise<void>;
  /** For pushing devices: apply everything the server has pushed so far. */
  settle(): Promise<void>;
  snapshot(): DeviceSnapshot;
  close(): Promise<void>;
}
