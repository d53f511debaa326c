import { Pop3Client } from '../pop3/index.js';
import type { Pop3DeviceSettings } from '../scenario/schema.js';
import type { Device, DeviceEnvironment, DeviceSnapshot, LocalAction } from './device.js';
import type { NewEvent } from './events.js';
import { readListingHeaders } from './headers.js';
import { INBOX, LocalStore, TRASH, type LocalMessage } from './local-store.js';
import { describeAction, applyLocalFlag } from './local-actions.js';
import { selectMessages } from './select.js';

const DAY_MS = 86_400_000;

export interface Pop3DeviceOptions extends DeviceEnvironment {
  readonly settings: Pop3DeviceSettings & { account: string };
}

/** One line of the client's popstate: what it downloaded, when, and whether the user deleted it. */
interface LedgerEntry {
  readonly key: string;
  readonly subject: string;
  readonly downloadedAt: number;
  deletedLocally: boolean;
}

/**
 * A POP3 mail client as Thunderbird or Outlook behaves: it remembers the UIDLs it has downloaded
 * (popstate.dat), downloads only new ones, and deletes from the server according to its settings.
 * Everything the user does afterwards — read, flag, delete, file — stays on this device.
 */
export class Pop3Device implements Device {
  readonly protocol = 'pop3';
  private readonly local = new LocalStore();
  private readonly ledger = new Map<string, LedgerEntry>();
  private online = true;
  /** Numbers this device's connections in its wire transcript. */
  private connections = 0;

  constructor(private readonly options: Pop3DeviceOptions) {}

  get name(): string {
    return this.options.name;
  }

  get account(): string {
    return this.options.settings.account;
  }

  async start(): Promise<void> {
    // A POP3 client talks to the server only when it checks mail.
  }

  async sync(reason: 'step' | 'poll'): Promise<void> {
    const { log } = this.options;
    const how = reason === 'poll' ? 'scheduled check' : 'checked mail';
    if (!this.online) {
      log.record({ kind: 'skipped', device: this.name, text: `${how}: offline, nothing downloaded` });
      return;
    }
    const details: NewEvent[] = [];
    let client: Pop3Client | undefined;
    try {
      client = await Pop3Client.connect({
        host: this.options.host,
        port: this.options.port,
        connectionId: ++this.connections,
        ...(this.options.onWire ? { onWire: this.options.onWire } : {}),
      });
      await client.login(this.account, this.options.password);
      const listing = await client.uidl();
      let downloaded = 0;
      const deletions: { entry: LedgerEntry; uid: string; why: string }[] = [];
      for (const { number, uid } of listing) {
        let entry = this.ledger.get(uid);
        if (!entry) {
          entry = await this.download(client, number, uid, details);
          downloaded++;
        }
        const why = this.serverDeleteReason(entry);
        if (why) {
          await client.dele(number);
          deletions.push({ entry, uid, why });
        }
      }
      // Deletions take effect only when the server acknowledges QUIT (RFC 1939 UPDATE state).
      await client.quit();
      for (const { entry, uid, why } of deletions) {
        this.ledger.delete(uid);
        details.push({ kind: 'server-delete', device: this.name, message: entry.key, subject: entry.subject, text: `deleted "${entry.subject}" from the server (${why})` });
      }
      // Like Thunderbird, forget UIDLs the server no longer lists.
      const listed = new Set(listing.map((l) => l.uid));
      for (const uid of [...this.ledger.keys()]) if (!listed.has(uid)) this.ledger.delete(uid);
      const summary =
        listing.length === 0
          ? 'the server has no messages'
          : `${listing.length} on the server, ${downloaded} new` + (deletions.length > 0 ? `, ${deletions.length} deleted from the server` : '');
      log.recordGroup({ kind: 'check', device: this.name, text: `${how} (POP3): ${summary}` }, details);
    } catch (error) {
      client?.destroy();
      log.recordGroup({ kind: 'error', device: this.name, text: `${how} failed: ${(error as Error).message}` }, details);
    }
  }

  private async download(client: Pop3Client, number: number, uid: string, details: NewEvent[]): Promise<LedgerEntry> {
    const { settings, clock } = this.options;
    const raw = settings.headersOnly ? await client.top(number, 0) : await client.retr(number);
    const headers = await readListingHeaders(raw);
    const key = headers.messageId ?? `uidl:${uid}`;
    const message: LocalMessage = {
      key,
      subject: headers.subject,
      from: headers.from,
      ...(headers.date === undefined ? {} : { date: headers.date }),
      seen: false,
      flagged: false,
      deleted: false,
      headersOnly: settings.headersOnly,
      firstSeenAt: clock.now(),
    };
    this.local.add(INBOX, message);
    const entry: LedgerEntry = { key, subject: headers.subject, downloadedAt: clock.now(), deletedLocally: false };
    this.ledger.set(uid, entry);
    details.push({
      kind: 'download',
      device: this.name,
      message: key,
      subject: headers.subject,
      text: settings.headersOnly ? `downloaded the headers of "${headers.subject}" (TOP)` : `downloaded "${headers.subject}" (RETR)`,
    });
    return entry;
  }

  /** Why this check removes the message from the server, or undefined to leave it there. */
  private serverDeleteReason(entry: LedgerEntry): string | undefined {
    const { settings, clock } = this.options;
    // Only headers are here: the body must stay on the server so it can be fetched later.
    if (settings.headersOnly) return undefined;
    if (!settings.leaveOnServer) return 'leave on server is off';
    if (settings.deleteFromServerWhenDeleted && entry.deletedLocally) return 'the user deleted it on this device';
    if (settings.deleteAfterDays !== undefined && clock.now() - entry.downloadedAt >= settings.deleteAfterDays * DAY_MS) {
      return `downloaded more than ${plural(settings.deleteAfterDays, 'day')} ago`;
    }
    return undefined;
  }

  async act(action: LocalAction): Promise<void> {
    const { log, settings } = this.options;
    const folder = action.folder ?? INBOX;
    const selection = selectMessages(this.local, folder, action.selector);
    if (!selection.ok) {
      log.record({ kind: 'missing', device: this.name, ...(selection.subject ? { subject: selection.subject } : {}), text: `wanted to ${action.kind} a message, but ${selection.reason} on this device` });
      return;
    }
    for (const message of selection.messages) {
      const base = { device: this.name, message: message.key, subject: message.subject };
      switch (action.kind) {
        case 'read':
        case 'unread':
        case 'flag':
        case 'unflag':
          applyLocalFlag(message, action.kind);
          log.record({ ...base, kind: action.kind, text: `${describeAction(action.kind, message.subject)} (on this device only: POP3 has no flags)` });
          break;
        case 'move':
          this.local.remove(folder, message);
          this.local.add(action.to, message);
          log.record({ ...base, kind: 'move', text: `moved "${message.subject}" to the local folder ${action.to}` });
          break;
        case 'delete': {
          this.local.remove(folder, message);
          if (folder !== TRASH) this.local.add(TRASH, message);
          const entry = [...this.ledger.values()].find((e) => e.key === message.key);
          const serverNote = !entry
            ? 'no copy is left on the server'
            : settings.deleteFromServerWhenDeleted
              ? 'the server copy goes at the next check'
              : 'the server copy stays';
          if (entry && settings.deleteFromServerWhenDeleted) entry.deletedLocally = true;
          log.record({ ...base, kind: 'delete', text: `deleted "${message.subject}"${folder === TRASH ? ' for good' : ' (moved to the local Trash)'}; ${serverNote}` });
          break;
        }
      }
    }
  }

  async setOnline(online: boolean): Promise<void> {
    this.online = online;
    this.options.log.record({ kind: online ? 'online' : 'offline', device: this.name, text: online ? 'back online' : 'went offline' });
  }

  async settle(): Promise<void> {
    // POP3 has no push: nothing arrives between checks.
  }

  snapshot(): DeviceSnapshot {
    const { settings } = this.options;
    return {
      name: this.name,
      protocol: 'pop3',
      account: this.account,
      settings: describePop3Settings(settings),
      online: this.online,
      folders: this.local.snapshot(),
    };
  }

  async close(): Promise<void> {
    // Each check opens and closes its own connection; nothing is left open.
  }
}

export function describePop3Settings(settings: Pop3DeviceSettings): string {
  const parts = [`leave on server: ${settings.leaveOnServer ? 'on' : 'off'}`];
  if (settings.deleteAfterDays !== undefined) parts.push(`delete after ${plural(settings.deleteAfterDays, 'day')}`);
  if (settings.deleteFromServerWhenDeleted) parts.push('delete from server when deleted');
  if (settings.headersOnly) parts.push('headers only');
  if (settings.checkEvery) parts.push(`check every ${settings.checkEvery}`);
  return `POP3, ${parts.join(', ')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
