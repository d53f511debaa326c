import tls from 'node:tls';
import { groupDigits } from '../text/numbers.js';
import { Pop3Client } from '../pop3/index.js';
import type { Device, DeviceEnvironment, DeviceSnapshot, LocalAction, OutgoingMail, Selector, SyncReason } from './device.js';
import type { NewEvent } from './events.js';
import { countAttachments, readListingHeaders } from './headers.js';
import { formatOctets } from './octets.js';
import { listingStrings } from './plain-headers.js';
import { describeAction, applyLocalFlag } from './local-actions.js';
import { trustContext } from '../tls/trust.js';
import { INBOX, LocalStore, TRASH, localMessage, type LocalFolderSnapshot, type LocalMessage } from './local-store.js';
import { inheritFolders, listRecipients, submitOrQueue, type SendingDevice } from './sending.js';
import { selectMessages } from './select.js';
import { describePop3Settings, plural, type DeviceSettings, type Pop3DeviceSettings } from './settings.js';

const DAY_MS = 86_400_000;

export interface Pop3DeviceOptions extends DeviceEnvironment {
  readonly settings: Pop3DeviceSettings;
}

/** One line of the client's popstate: what it downloaded, when, and whether the user deleted it. */
interface LedgerEntry {
  readonly uid: string;
  readonly key: string;
  readonly subject: string;
  readonly downloadedAt: number;
  /** The user's delete has fired "delete from server when deleted": the next check removes it. */
  deletedLocally: boolean;
}

/**
 * A POP3 mail client: like Thunderbird, it remembers the UIDLs it has downloaded (popstate.dat),
 * downloads only new ones, and deletes from the server according to its settings.
 * Everything the user does afterwards — read, flag, delete, file — stays on this device.
 */
export class Pop3Device implements Device {
  readonly protocol = 'pop3';
  private readonly local = new LocalStore();
  /** By UIDL. */
  private readonly ledger = new Map<string, LedgerEntry>();
  /** Message key -> UIDL, for the user's actions (which name messages, not UIDLs). */
  private readonly uidlOf = new Map<string, string>();
  private online = true;
  /** Numbers this device's connections in its wire transcript. */
  private connections = 0;
  private downloadedOctets = 0;
  private secureContext?: tls.SecureContext;
  private tlsSession?: Buffer;
  /** The most recent connection, whose TLS session the next one resumes. */
  private lastClient?: Pop3Client;
  private settingsNow: Pop3DeviceSettings;
  /** Mail written while offline: submitted when back online, as an Outbox does. */
  private readonly outbox: OutgoingMail[] = [];
  private localFolders: string[] = [];

  constructor(private readonly options: Pop3DeviceOptions) {
    this.settingsNow = options.settings;
  }

  get name(): string {
    return this.options.name;
  }

  get account(): string {
    return this.options.settings.account;
  }

  private get settings(): Pop3DeviceSettings {
    return this.settingsNow;
  }

  async start(): Promise<void> {
    // A POP3 client talks to the server only when it checks mail; some check when they open.
    if (this.settings.checkAtStartup) await this.sync('start');
  }

  async sync(reason: SyncReason): Promise<void> {
    const { log } = this.options;
    const how = reason === 'poll' ? 'scheduled check' : reason === 'start' ? 'checked mail at startup' : 'checked mail';
    if (!this.online) {
      log.record({ kind: 'skipped', device: this.name, text: `${how}: offline, nothing downloaded` });
      return;
    }
    const details: NewEvent[] = [];
    let client: Pop3Client | undefined;
    try {
      client = await this.connect();
      const listing = await client.uidl();
      let downloaded = 0;
      const deletions: { entry: LedgerEntry; why: string }[] = [];
      for (const { number, uid } of listing) {
        let entry = this.ledger.get(uid);
        if (!entry) {
          entry = await this.download(client, number, uid, details);
          downloaded++;
        }
        const why = this.serverDeleteReason(entry);
        if (why) {
          await client.dele(number);
          deletions.push({ entry, why });
        }
      }
      // Deletions take effect only when the server acknowledges QUIT (RFC 1939 UPDATE state).
      await client.quit();
      for (const { entry, why } of deletions) {
        this.forget(entry.uid);
        details.push({ kind: 'server-delete', device: this.name, message: entry.key, subject: entry.subject, text: `deleted "${entry.subject}" from the server (${why})` });
      }
      // Like Thunderbird, forget UIDLs the server no longer lists.
      const listed = new Set(listing.map((l) => l.uid));
      for (const uid of [...this.ledger.keys()]) if (!listed.has(uid)) this.forget(uid);
      const summary =
        listing.length === 0
          ? 'the server has no messages'
          : `${groupDigits(listing.length)} on the server, ${groupDigits(downloaded)} new` + (deletions.length > 0 ? `, ${groupDigits(deletions.length)} deleted from the server` : '');
      log.recordGroup({ kind: 'check', device: this.name, text: `${how} (POP3): ${summary}` }, details);
    } catch (error) {
      client?.destroy();
      log.recordGroup({ kind: 'error', device: this.name, text: `${how} failed: ${(error as Error).message}` }, details);
    }
  }

  private async connect(): Promise<Pop3Client> {
    const { security } = this.settings;
    const client = await Pop3Client.connect({
      host: this.options.host,
      port: this.options.port,
      connectionId: ++this.connections,
      implicitTls: security === 'tls',
      ...(security === 'none' ? {} : { tlsOptions: this.tlsOptions() }),
      ...(this.options.onWire ? { onWire: this.options.onWire } : {}),
    });
    this.lastClient = client;
    try {
      // A client set to STARTTLS upgrades before it sends the password (RFC 2595 4).
      if (security === 'starttls') await client.stls();
      // Gmail's recent mode is chosen by the user name alone ("recent:user@gmail.com").
      await client.login(this.settings.recentMode ? `recent:${this.account}` : this.account, this.options.password);
    } catch (error) {
      client.destroy();
      throw error;
    }
    return client;
  }

  /**
   * What the device trusts, built once, and the TLS session of its last connection, resumed on the
   * next (as a mail client's TLS library caches sessions): a poll every few minutes for days would
   * otherwise redo the full handshake each time.
   */
  private tlsOptions(): tls.ConnectionOptions {
    this.secureContext ??= this.options.ca === undefined ? tls.createSecureContext({}) : trustContext(this.options.ca);
    this.tlsSession = this.lastClient?.tlsSession ?? this.tlsSession;
    return { secureContext: this.secureContext, ...(this.tlsSession ? { session: this.tlsSession } : {}) };
  }

  private async download(client: Pop3Client, number: number, listedUid: string, details: NewEvent[]): Promise<LedgerEntry> {
    const { settings } = this;
    // Kept for as long as the device knows the message: one shared copy, as every device of the
    // account lists the same UIDL, and not a view of its "n uid" line, which it would keep alive
    // (two strings per POP3 device and message otherwise, ~70 bytes; heap snapshot, 100 x 1,000).
    const uid = listingStrings.intern(listedUid);
    const raw = settings.headersOnly ? await client.top(number, 0) : await client.retr(number);
    this.downloadedOctets += raw.length;
    const headers = await readListingHeaders(raw);
    const key = headers.messageId ?? `uidl:${uid}`;
    const now = this.options.clock.now();
    // The same message under a UIDL this device has not seen: POP3 knows messages only by UIDL,
    // so it is a new message to the client (IMAP moved it out of INBOX and back, say).
    const again = this.uidlOf.has(key) || this.local.holds(key);
    const message = localMessage({
      key,
      subject: headers.subject,
      from: headers.from,
      date: headers.date,
      seen: false,
      flagged: false,
      deleted: false,
      headersOnly: settings.headersOnly,
      attachments: settings.headersOnly ? undefined : headers.attachments,
      firstSeenAt: now,
    });
    this.local.add(INBOX, message);
    const entry: LedgerEntry = { uid, key, subject: headers.subject, downloadedAt: now, deletedLocally: false };
    this.ledger.set(uid, entry);
    this.uidlOf.set(key, uid);
    details.push({
      kind: 'download',
      device: this.name,
      message: key,
      subject: headers.subject,
      text:
        (settings.headersOnly ? `downloaded the headers of "${headers.subject}" (TOP, ${formatOctets(raw.length)})` : `downloaded "${headers.subject}" (RETR, ${formatOctets(raw.length)})`) +
        (again ? ' again: the server lists it under a new UIDL, so to POP3 it is a new message (moved out of the INBOX and back on another device, say)' : ''),
    });
    return entry;
  }

  private forget(uid: string): void {
    const entry = this.ledger.get(uid);
    if (!entry) return;
    this.ledger.delete(uid);
    if (this.uidlOf.get(entry.key) === uid) this.uidlOf.delete(entry.key);
  }

  /** Why this check removes the message from the server, or undefined to leave it there. */
  private serverDeleteReason(entry: LedgerEntry): string | undefined {
    const { settings } = this;
    const now = this.options.clock.now();
    // Only headers are here: the body must stay on the server so it can be fetched later.
    if (settings.headersOnly) return undefined;
    if (!settings.leaveOnServer) return 'leave on server is off';
    if (settings.deleteFromServerWhenDeleted && entry.deletedLocally) return `the user ${TRIGGER_PAST[settings.serverDeleteOn]} on ${this.name}`;
    if (settings.deleteAfterDays !== undefined && now - entry.downloadedAt >= settings.deleteAfterDays * DAY_MS) {
      return `downloaded more than ${plural(settings.deleteAfterDays, 'day')} ago`;
    }
    return undefined;
  }

  async act(action: LocalAction): Promise<void> {
    const { log } = this.options;
    const folder = action.folder ?? INBOX;
    const selection = selectMessages(this.local, folder, action.selector);
    if (!selection.ok) {
      log.record({ kind: 'missing', device: this.name, ...(selection.subject ? { subject: selection.subject } : {}), text: `wanted to ${action.kind} a message, but ${selection.reason} on this device` });
      return;
    }
    for (const message of selection.messages) {
      const base = { device: this.name, message: message.key, subject: message.subject };
      switch (action.kind) {
        case 'read': {
          const opened = message.headersOnly ? await this.downloadRest(message) : '';
          applyLocalFlag(message, 'read');
          log.record({ ...base, kind: 'read', text: `${opened}${describeAction('read', message.subject)} (on this device only: POP3 has no flags)` });
          break;
        }
        case 'unread':
        case 'flag':
        case 'unflag':
          applyLocalFlag(message, action.kind);
          log.record({ ...base, kind: action.kind, text: `${describeAction(action.kind, message.subject)} (on this device only: POP3 has no flags)` });
          break;
        case 'copy':
          this.local.add(action.to, { ...message });
          log.record({ ...base, kind: 'copy', text: `copied "${message.subject}" to the local folder ${action.to}` });
          break;
        case 'move': {
          this.local.remove(folder, message);
          this.local.add(action.to, message);
          const note = this.noteServerDelete(message, folder === INBOX && action.to !== INBOX ? 'leave-inbox' : undefined);
          log.record({ ...base, kind: 'move', text: `moved "${message.subject}" to the local folder ${action.to}${note ? `; ${note}` : ''}` });
          break;
        }
        case 'delete': {
          this.local.remove(folder, message);
          const forGood = folder === TRASH;
          if (!forGood) this.local.add(TRASH, message);
          const triggers: ('delete' | 'leave-inbox' | 'trash-emptied')[] = ['delete'];
          if (folder === INBOX) triggers.push('leave-inbox');
          if (forGood) triggers.push('trash-emptied');
          const note = this.noteServerDelete(message, ...triggers) ?? 'the server copy stays';
          log.record({ ...base, kind: 'delete', text: `deleted "${message.subject}"${forGood ? ' for good' : ' (moved to the local Trash)'}; ${note}` });
          break;
        }
      }
    }
  }

  /**
   * "Delete from server when deleted" fires when one of `triggers` is this client's; returns what
   * happens to the server copy, for the timeline, or undefined when nothing changes for it.
   */
  private noteServerDelete(message: LocalMessage, ...triggers: (Pop3DeviceSettings['serverDeleteOn'] | undefined)[]): string | undefined {
    const uid = this.uidlOf.get(message.key);
    const entry = uid === undefined ? undefined : this.ledger.get(uid);
    if (!entry) return triggers.includes('delete') ? 'no copy is left on the server' : undefined;
    const { settings } = this;
    if (!settings.deleteFromServerWhenDeleted) return undefined;
    if (!triggers.includes(settings.serverDeleteOn)) {
      return settings.serverDeleteOn === 'trash-emptied' && triggers.includes('delete') ? 'the server copy stays until it is deleted from Trash' : undefined;
    }
    entry.deletedLocally = true;
    return 'the server copy goes at the next check';
  }

  /**
   * Opening a message of which only the headers were downloaded (TOP): the client fetches the
   * whole message with RETR, in a session of its own.
   */
  private async downloadRest(message: LocalMessage): Promise<string> {
    const uid = this.uidlOf.get(message.key);
    if (!this.online) return `opened "${message.subject}" (offline: only its headers are on this device); `;
    if (uid === undefined) return `opened "${message.subject}": the rest cannot be downloaded, the server no longer lists it; `;
    let client: Pop3Client | undefined;
    try {
      client = await this.connect();
      const number = (await client.uidl()).find((l) => l.uid === uid)?.number;
      if (number === undefined) {
        await client.quit();
        return `opened "${message.subject}": the rest cannot be downloaded, the server no longer has it; `;
      }
      const raw = await client.retr(number);
      await client.quit();
      this.downloadedOctets += raw.length;
      message.headersOnly = false;
      message.attachments = await countAttachments(raw);
      return `opened "${message.subject}": downloaded the rest of the message, ${formatOctets(raw.length)} (RETR); `;
    } catch (error) {
      client?.destroy();
      return `opened "${message.subject}": could not download the rest (${(error as Error).message}); `;
    }
  }

  async setOnline(online: boolean): Promise<void> {
    this.online = online;
    this.options.log.record({ kind: online ? 'online' : 'offline', device: this.name, text: online ? 'back online' : 'went offline' });
    if (online) for (const mail of this.outbox.splice(0)) await this.send(mail);
  }

  lookup(selector: Selector, folder = INBOX): LocalMessage | undefined {
    const selection = selectMessages(this.local, folder, selector);
    return selection.ok ? selection.messages[0] : undefined;
  }

  /** Sends over SMTP and keeps the copy in the device's own Sent folder: POP3 has no server folders. */
  async send(mail: OutgoingMail): Promise<void> {
    const result = await submitOrQueue(this.sendingDevice(), mail);
    if (!result) return;
    const now = this.options.clock.now();
    this.local.add('Sent', localMessage({ key: mail.key, subject: mail.subject, from: mail.from, date: now, seen: true, flagged: false, deleted: false, headersOnly: false, attachments: await countAttachments(mail.raw), firstSeenAt: now }));
    const refused = result.rejected.length > 0 ? ` (refused: ${result.rejected.join(', ')})` : '';
    this.options.log.record({ kind: 'send', device: this.name, message: mail.key, subject: mail.subject, text: `sent "${mail.subject}" to ${listRecipients(mail)} (SMTP submission)${refused}; kept a copy in the local Sent folder (POP3 has no server folders)` });
  }

  private sendingDevice(): SendingDevice {
    const submission = { host: this.options.host, port: this.options.smtpPort!, user: this.account, password: this.options.password, name: `${this.name}.mailsim.test`, security: this.settings.security, ...(this.options.ca === undefined ? {} : { ca: this.options.ca }) };
    return { name: this.name, online: this.online, outbox: this.outbox, log: this.options.log, submission };
  }

  async openFolder(folder: string): Promise<void> {
    this.options.log.record({ kind: 'open', device: this.name, text: `wanted to open ${folder} on the server, but POP3 has no server folders: it only downloads the INBOX` });
  }

  async reconfigure(settings: DeviceSettings): Promise<void> {
    if (settings.protocol !== 'pop3') throw new Error('a POP3 device cannot take IMAP settings; the runner replaces the device instead');
    this.settingsNow = settings;
  }

  inherit(folders: readonly LocalFolderSnapshot[]): void {
    this.localFolders = inheritFolders(this.local, folders);
  }

  async settle(): Promise<void> {
    // POP3 has no push: nothing arrives between checks.
  }

  snapshot(): DeviceSnapshot {
    return {
      name: this.name,
      protocol: 'pop3',
      account: this.account,
      settings: this.settings,
      summary: describePop3Settings(this.settings),
      online: this.online,
      downloadedBytes: this.downloadedOctets,
      ...(this.localFolders.length > 0 ? { localFolders: [...this.localFolders] } : {}),
      folders: this.local.snapshot(),
    };
  }

  async close(): Promise<void> {
    // Each check opens and closes its own connection; nothing is left open.
  }
}

const TRIGGER_PAST: Record<Pop3DeviceSettings['serverDeleteOn'], string> = {
  delete: 'deleted it',
  'leave-inbox': 'removed it from the Inbox',
  'trash-emptied': 'deleted it from Trash',
};
