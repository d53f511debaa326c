import { plural } from '../text/plural.js';

/**
 * Device settings: the names real clients use (Thunderbird's and Outlook's where they differ
 * little), as written in a scenario (every key optional) and as resolved (every key decided:
 * written > the client profile's default > the neutral default). The scenario schema builds on
 * these (settings-schema.ts); devices/ never imports scenario/.
 */

/** Client profiles a device can name with `client:`; each is a file in devices/profiles/. */
export const CLIENT_NAMES = ['thunderbird', 'outlook', 'apple-mail', 'ios-mail', 'gmail-app', 'k9', 'legacy'] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/**
 * When "delete from server when deleted" fires, which differs by client: Thunderbird's when the
 * user deletes the message (moves it to Trash), Outlook's only when it is deleted from Deleted
 * Items; other clients offer "when removed from Inbox" (deleted or moved). Sources are in the
 * profiles.
 */
export const SERVER_DELETE_TRIGGERS = ['delete', 'leave-inbox', 'trash-emptied'] as const;
export type ServerDeleteTrigger = (typeof SERVER_DELETE_TRIGGERS)[number];

export const DELETE_MODELS = ['trash', 'mark', 'expunge'] as const;
export type DeleteModel = (typeof DELETE_MODELS)[number];

/**
 * How an IMAP client downloads: whole messages at each check; headers only, the body when opened;
 * or headers first and then the bodies in the background (Thunderbird's offline store).
 */
export const DOWNLOAD_MODES = ['full', 'headers', 'background'] as const;
export type DownloadMode = (typeof DOWNLOAD_MODES)[number];

/** How an IMAP client resynchronises a folder in a new session (RFC 7162: CONDSTORE, or QRESYNC). */
export const RESYNC_MODES = ['condstore', 'qresync'] as const;
export type ResyncMode = (typeof RESYNC_MODES)[number];

/**
 * Connection security, as a client's account settings name it: "SSL/TLS" (implicit TLS on 993/995,
 * RFC 8314), "STARTTLS" (plaintext 143/110, then STARTTLS/STLS), or "None" (plaintext throughout).
 */
export const SECURITY_MODES = ['tls', 'starttls', 'none'] as const;
export type Security = (typeof SECURITY_MODES)[number];

// The zod schemas of these settings as written are in settings-schema.ts: only the scenario loader
// needs them, and building them is milliseconds a run of a parsed scenario does not spend.
export type { DeviceSettingsWritten, ImapSettingsWritten, Pop3SettingsWritten, Protocol } from './settings-schema.js';

/** A POP3 device's settings once every value is decided. */
export interface Pop3DeviceSettings {
  readonly security: Security;
  readonly protocol: 'pop3';
  readonly account: string;
  readonly client?: ClientName;
  readonly checkEvery?: string;
  readonly checkAtStartup: boolean;
  readonly leaveOnServer: boolean;
  /** Only with leaveOnServer. */
  readonly deleteAfterDays?: number;
  /** Only with leaveOnServer. */
  readonly deleteFromServerWhenDeleted: boolean;
  readonly serverDeleteOn: ServerDeleteTrigger;
  readonly headersOnly: boolean;
  /** Gmail's recent mode: the user name is "recent:" + the address. */
  readonly recentMode: boolean;
}

/** An IMAP device's settings once every value is decided. */
export interface ImapDeviceSettings {
  readonly security: Security;
  readonly protocol: 'imap';
  readonly account: string;
  readonly client?: ClientName;
  readonly checkEvery?: string;
  readonly checkAtStartup: boolean;
  readonly folders: readonly string[] | 'all';
  readonly push: boolean;
  readonly download: DownloadMode;
  readonly deleteModel: DeleteModel;
  readonly resync: ResyncMode;
}

export type DeviceSettings = Pop3DeviceSettings | ImapDeviceSettings;

/** The keys a profile may set for each protocol (everything but protocol, account and client). */
export type Pop3Tunable = Exclude<keyof Pop3DeviceSettings, 'protocol' | 'account' | 'client'>;
export type ImapTunable = Exclude<keyof ImapDeviceSettings, 'protocol' | 'account' | 'client'>;

/**
 * What a device does when neither the scenario nor a client profile says: the simplest client of
 * each protocol, over implicit TLS (SSL/TLS on 995 and 993), which RFC 8314 3 recommends to mail
 * clients ("MUAs ... SHOULD prefer Implicit TLS"). POP3: download and delete, check only when asked (the classic default, as
 * Outlook Express and fetchmail without `keep`). IMAP: sync INBOX when started and when asked,
 * whole messages, delete moves to Trash. These are mailsim's choices, not any one client's.
 */
export const NEUTRAL_POP3: Omit<Pop3DeviceSettings, 'protocol' | 'account'> = {
  security: 'tls',
  checkAtStartup: false,
  leaveOnServer: false,
  deleteFromServerWhenDeleted: false,
  serverDeleteOn: 'delete',
  headersOnly: false,
  recentMode: false,
};

export const NEUTRAL_IMAP: Omit<ImapDeviceSettings, 'protocol' | 'account'> = {
  security: 'tls',
  checkAtStartup: true,
  folders: ['INBOX'],
  push: false,
  download: 'full',
  deleteModel: 'trash',
  resync: 'condstore',
};

/** One-line description of the settings that matter, e.g. "POP3, leave on server: off". */
export function describeSettings(settings: DeviceSettings): string {
  return settings.protocol === 'pop3' ? describePop3Settings(settings) : describeImapSettings(settings);
}

/**
 * The port a real client would use and its security: "port 993 (SSL/TLS)". The embedded server's
 * loopback ports differ and show only in --trace.
 */
export function describeSecurity(protocol: 'pop3' | 'imap', security: Security): string {
  const port = security === 'tls' ? (protocol === 'imap' ? 993 : 995) : protocol === 'imap' ? 143 : 110;
  return `port ${port} (${SECURITY_WORDS[security]})`;
}

const SECURITY_WORDS: Record<Security, string> = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' };

export function describePop3Settings(settings: Pop3DeviceSettings): string {
  const parts = [describeSecurity('pop3', settings.security), `leave on server: ${settings.leaveOnServer ? 'on' : 'off'}`];
  if (settings.deleteAfterDays !== undefined) parts.push(`delete after ${plural(settings.deleteAfterDays, 'day')}`);
  if (settings.deleteFromServerWhenDeleted) parts.push(`delete from server when ${TRIGGER_WORDS[settings.serverDeleteOn]}`);
  if (settings.headersOnly) parts.push('headers only');
  if (settings.recentMode) parts.push('recent mode (user recent:…)');
  if (settings.checkEvery) parts.push(`check every ${settings.checkEvery}`);
  if (settings.checkAtStartup) parts.push('check at startup');
  return `POP3${clientLabel(settings)}, ${parts.join(', ')}`;
}

export function describeImapSettings(settings: ImapDeviceSettings): string {
  const folders = settings.folders === 'all' ? 'all folders' : settings.folders.join(', ');
  const when = settings.push ? 'push (IDLE)' : settings.checkEvery ? `check every ${settings.checkEvery}` : 'checks when asked';
  const parts = [describeSecurity('imap', settings.security), when, `folders: ${folders}`];
  if (settings.download === 'headers') parts.push('headers first, body when opened');
  if (settings.download === 'background') parts.push('headers first, bodies in the background');
  parts.push(`delete: ${settings.deleteModel}`);
  if (settings.resync === 'qresync') parts.push('resync: QRESYNC');
  return `IMAP${clientLabel(settings)}, ${parts.join(', ')}`;
}

const TRIGGER_WORDS: Record<ServerDeleteTrigger, string> = {
  delete: 'deleted',
  'leave-inbox': 'removed from Inbox',
  'trash-emptied': 'deleted from Trash',
};

function clientLabel(settings: DeviceSettings): string {
  return settings.client ? ` (${settings.client})` : '';
}

export { plural } from '../text/plural.js';
