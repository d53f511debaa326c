import { ImapFlow, type FetchMessageObject, type MailboxObject } from 'imapflow';
import type { ImapDeviceSettings } from '../scenario/schema.js';
import type { Device, DeviceEnvironment, DeviceSnapshot, LocalAction } from './device.js';
import type { NewEvent } from './events.js';
import { readListingHeaders } from './headers.js';
import { imapFlowLogger } from './imap-wire.js';
import { FolderMirror } from './imap-mirror.js';
import { describeChange, planServerChange, type QueuedChange, type ServerChange } from './imap-changes.js';
import { applyLocalFlag } from './local-actions.js';
import { INBOX, LocalStore, type LocalMessage } from './local-store.js';
import { selectMessages } from './select.js';

/** The header fields a message list needs: what `download: headers` fetches. */
const LIST_HEADERS = ['date', 'from', 'subject', 'message-id'];

export interface ImapDeviceOptions extends DeviceEnvironment {
  readonly settings: ImapDeviceSettings & { account: string };
}

/**
 * An IMAP mail client on imapflow, as phones and laptops behave: it mirrors the folders it syncs
 * (UIDVALIDITY, UIDs, flags; bodies when `download: full`), learns what changed with CONDSTORE
 * (CHANGEDSINCE) when the server offers it, stays in IDLE when `push` is on, and carries every
 * user action to the server — so the other devices see it too.
 */
export class ImapDevice implements Device {
  readonly protocol = 'imap';
  private readonly local = new LocalStore();
  private readonly mirrors = new Map<string, FolderMirror>();
  private client?: ImapFlow;
  private online = true;
  /** The server pushed something while we idled: resync INBOX at the next settle. */
  private pushed = false;
  private idling?: Promise<unknown>;
  private readonly queue: QueuedChange[] = [];
  private connections = 0;
  private trashFolder = 'Trash';

  constructor(private readonly options: ImapDeviceOptions) {}

  get name(): string {
    return this.options.name;
  }

  get account(): string {
    return this.options.settings.account;
  }

  private get settings(): ImapDeviceSettings {
    return this.options.settings;
  }

  /** Connects and does the first sync, as a mail app does when it starts; then idles if pushing. */
  async start(): Promise<void> {
    await this.sync('start');
  }

  async sync(reason: 'step' | 'poll' | 'start'): Promise<void> {
    const how = reason === 'poll' ? 'scheduled check' : reason === 'start' ? 'started' : 'checked mail';
    if (!this.online) {
      this.options.log.record({ kind: 'skipped', device: this.name, text: `${how}: offline, nothing synced` });
      return;
    }
    // A server may end a session (e.g. BYE when the selected folder was deleted elsewhere); like
    // real clients, reconnect once before calling the check a failure.
    for (let attempt = 1; ; attempt++) {
      const details: NewEvent[] = [];
      try {
        const client = await this.connection();
        const folders = await this.foldersToSync(client);
        for (const folder of folders) await this.syncFolder(client, folder, details);
        const mode = this.settings.push ? 'IDLE' : 'no push';
        const which = this.settings.folders === 'all' ? `all ${folders.length} folders` : folders.join(', ');
        this.options.log.recordGroup({ kind: 'check', device: this.name, text: `${how} (IMAP, ${mode}): ${which}, ${summarize(details)}` }, details);
        await this.resumeIdle(client);
        return;
      } catch (error) {
        this.drop();
        if (attempt === 1 && isConnectionLoss(error)) continue;
        this.options.log.recordGroup({ kind: 'error', device: this.name, text: `${how} failed: ${describeImapError(error)}` }, details);
        return;
      }
    }
  }

  /** Applies what the server pushed during IDLE. Breaking IDLE (DONE, then the tagged OK) is the barrier. */
  async settle(): Promise<void> {
    const client = this.client;
    if (!this.settings.push || !this.online || !client || !this.idling) return;
    // imapflow ends IDLE before running NOOP; when NOOP completes, every untagged response the
    // server sent before our DONE has been read and its event emitted.
    await client.noop();
    await this.idling;
    this.idling = undefined;
    if (this.pushed) {
      this.pushed = false;
      const details: NewEvent[] = [];
      await this.syncFolder(client, INBOX, details);
      this.options.log.recordGroup({ kind: 'check', device: this.name, text: `pushed by the server (IDLE): INBOX, ${summarize(details)}` }, details);
    }
    await this.resumeIdle(client);
  }

  async act(action: LocalAction): Promise<void> {
    const folder = action.folder ?? INBOX;
    const selection = selectMessages(this.local, folder, action.selector);
    if (!selection.ok) {
      this.options.log.record({ kind: 'missing', device: this.name, ...(selection.subject ? { subject: selection.subject } : {}), text: `wanted to ${action.kind} a message, but ${selection.reason} on this device` });
      return;
    }
    const mirror = this.mirrors.get(folder);
    for (const message of selection.messages) {
      const uid = mirror?.uid(message);
      if (uid === undefined) continue;
      const change: QueuedChange = { action: action.kind, folder, uid, subject: message.subject, key: message.key, ...(action.kind === 'move' ? { to: action.to } : {}) };
      this.applyLocally(change, message);
      if (!this.online) {
        this.queue.push(change);
        this.options.log.record({ kind: action.kind, device: this.name, message: message.key, subject: message.subject, text: `${describeChange(change)} (offline: queued until back online)` });
        continue;
      }
      try {
        const client = await this.connection();
        await this.applyOnServer(client, change);
        this.options.log.record({ kind: action.kind, device: this.name, message: message.key, subject: message.subject, text: `${describeChange(change)} (on the server: ${this.plan(change).effect})` });
        if (change.to && this.syncs(change.to)) await this.syncFolder(client, change.to, []);
        if (change.action === 'delete' && this.settings.deleteModel === 'trash' && this.syncs(this.trashFolder)) await this.syncFolder(client, this.trashFolder, []);
        await this.resumeIdle(client);
      } catch (error) {
        this.drop();
        this.options.log.record({ kind: 'error', device: this.name, text: `could not ${action.kind} "${message.subject}": ${describeImapError(error)}` });
      }
    }
  }

  async setOnline(online: boolean): Promise<void> {
    if (online === this.online) return;
    this.online = online;
    if (!online) {
      // Losing the network: the connection just drops, no LOGOUT.
      this.drop();
      this.options.log.record({ kind: 'offline', device: this.name, text: 'went offline; changes will queue on this device' });
      return;
    }
    this.options.log.record({ kind: 'online', device: this.name, text: `back online${this.queue.length ? `, replaying ${this.queue.length} queued change${this.queue.length === 1 ? '' : 's'}` : ''}` });
    try {
      const client = await this.connection();
      for (const change of this.queue.splice(0)) await this.replay(client, change);
    } catch (error) {
      this.options.log.record({ kind: 'error', device: this.name, text: `reconnect failed: ${describeImapError(error)}` });
      this.drop();
    }
    await this.sync('step');
  }

  snapshot(): DeviceSnapshot {
    return {
      name: this.name,
      protocol: 'imap',
      account: this.account,
      settings: describeImapSettings(this.settings),
      online: this.online,
      syncs: this.settings.folders === 'all' ? 'all' : [...this.settings.folders],
      folders: this.local.snapshot(),
    };
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }

  // --- connection ---------------------------------------------------------------------------

  private async connection(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.drop();
    const connectionId = ++this.connections;
    const client = new ImapFlow({
      host: this.options.host,
      port: this.options.port,
      secure: false,
      // No TLS on the embedded server: never try to upgrade.
      doSTARTTLS: false,
      auth: { user: this.account, pass: this.options.password },
      logger: this.options.onWire ? imapFlowLogger(this.options.onWire, connectionId) : false,
      ...(this.options.onWire ? { logRaw: true } : {}),
      // The runner decides when to idle, so every step ends in a known state.
      disableAutoIdle: true,
      clientInfo: { name: `mailsim ${this.name}` },
    });
    client.on('error', () => this.drop());
    for (const event of ['exists', 'expunge', 'flags'] as const) {
      client.on(event, (data: { path?: string }) => {
        if (this.idling && data.path === INBOX) this.pushed = true;
      });
    }
    await client.connect();
    this.client = client;
    const trash = (await client.list()).find((f) => f.specialUse === '\\Trash');
    if (trash) this.trashFolder = trash.path;
    return client;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    this.idling = undefined;
    client?.close();
  }

  private async resumeIdle(client: ImapFlow): Promise<void> {
    if (!this.settings.push || !this.online) return;
    if (client.mailbox === false || client.mailbox.path !== INBOX) await client.mailboxOpen(INBOX);
    this.pushed = false;
    this.idling = client.idle().catch(() => undefined);
  }

  private async foldersToSync(client: ImapFlow): Promise<string[]> {
    if (this.settings.folders !== 'all') return [...this.settings.folders];
    const listed = await client.list();
    return listed.filter((f) => !f.flags.has('\\Noselect')).map((f) => f.path);
  }

  private syncs(folder: string): boolean {
    return this.settings.folders === 'all' || this.settings.folders.includes(folder);
  }

  // --- sync ---------------------------------------------------------------------------------

  /** Brings one folder's mirror up to date, adding a detail event per change it finds. */
  private async syncFolder(client: ImapFlow, folder: string, details: NewEvent[]): Promise<void> {
    const box = await this.open(client, folder);
    let mirror = this.mirrors.get(folder);
    if (mirror && mirror.uidValidity !== box.uidValidity) {
      const dropped = mirror.clear();
      details.push({ kind: 'vanish', device: this.name, text: `UIDVALIDITY of ${folder} changed: forgot ${dropped.length} cached message${dropped.length === 1 ? '' : 's'} and resynced` });
      mirror = undefined;
    }
    if (!mirror) {
      mirror = new FolderMirror(folder, box.uidValidity, this.local);
      this.mirrors.set(folder, mirror);
    }
    // The CHANGEDSINCE baseline may only move once both fetches are done: a modseq seen while
    // fetching new mail must not hide older flag changes from the refresh that follows.
    const seen: bigint[] = [];
    await this.fetchNew(client, mirror, details, seen);
    await this.refreshFlags(client, mirror, details, seen);
    if (box.exists !== mirror.size) await this.dropExpunged(client, mirror, details);
    if (box.highestModseq !== undefined) seen.push(box.highestModseq);
    for (const modseq of seen) mirror.noteModSeq(modseq);
  }

  /**
   * Selects a folder, or, when it is already selected, asks the server for news with NOOP, as
   * clients do: re-selecting on every check would throw away the session's state for nothing.
   */
  private async open(client: ImapFlow, folder: string): Promise<MailboxObject> {
    if (client.mailbox && client.mailbox.path === folder) {
      await client.noop();
      if (client.mailbox && client.mailbox.path === folder) return client.mailbox;
    }
    return client.mailboxOpen(folder);
  }

  private async fetchNew(client: ImapFlow, mirror: FolderMirror, details: NewEvent[], modseqs: bigint[]): Promise<void> {
    const from = mirror.maxUid + 1;
    const full = this.settings.download === 'full';
    const fetched: FetchMessageObject[] = [];
    for await (const message of client.fetch(`${from}:*`, { uid: true, flags: true, ...(full ? { source: true } : { headers: LIST_HEADERS }) }, { uid: true })) {
      if (message.modseq !== undefined) modseqs.push(message.modseq);
      // "n:*" always includes the highest UID, even when it is below n (RFC 3501 6.4.8).
      if (message.uid >= from) fetched.push(message);
    }
    for (const message of fetched) {
      const raw = full ? message.source : message.headers;
      const headers = await readListingHeaders(raw ?? Buffer.alloc(0));
      const local: LocalMessage = {
        key: headers.messageId ?? `uid:${mirror.folder}:${message.uid}`,
        subject: headers.subject,
        from: headers.from,
        ...(headers.date === undefined ? {} : { date: headers.date }),
        seen: message.flags?.has('\\Seen') ?? false,
        flagged: message.flags?.has('\\Flagged') ?? false,
        deleted: message.flags?.has('\\Deleted') ?? false,
        headersOnly: !full,
        firstSeenAt: this.options.clock.now(),
      };
      mirror.add(message.uid, local);
      details.push({ kind: 'download', device: this.name, message: local.key, subject: local.subject, text: `got "${local.subject}" in ${mirror.folder} (${full ? 'whole message' : 'headers only'})` });
    }
  }

  /** Flag changes made elsewhere: only those since our last modseq with CONDSTORE, else all. */
  private async refreshFlags(client: ImapFlow, mirror: FolderMirror, details: NewEvent[], modseqs: bigint[]): Promise<void> {
    if (mirror.size === 0) return;
    const changedSince = client.enabled.has('CONDSTORE') ? mirror.highestModSeq : undefined;
    for await (const message of client.fetch('1:*', { uid: true, flags: true }, { uid: true, ...(changedSince !== undefined ? { changedSince } : {}) })) {
      if (message.modseq !== undefined) modseqs.push(message.modseq);
      const local = mirror.message(message.uid);
      if (!local || !message.flags) continue;
      const seen = message.flags.has('\\Seen');
      const flagged = message.flags.has('\\Flagged');
      const deleted = message.flags.has('\\Deleted');
      const changes: string[] = [];
      if (seen !== local.seen) changes.push(seen ? 'read' : 'unread');
      if (flagged !== local.flagged) changes.push(flagged ? 'flagged' : 'unflagged');
      if (deleted !== local.deleted) changes.push(deleted ? 'marked deleted' : 'no longer marked deleted');
      if (changes.length === 0) continue;
      Object.assign(local, { seen, flagged, deleted });
      details.push({ kind: 'update', device: this.name, message: local.key, subject: local.subject, text: `"${local.subject}" is now ${changes.join(', ')} (changed on another device)` });
    }
  }

  private async dropExpunged(client: ImapFlow, mirror: FolderMirror, details: NewEvent[]): Promise<void> {
    const onServer = new Set((await client.search({ all: true }, { uid: true })) || []);
    for (const uid of mirror.uids()) {
      if (onServer.has(uid)) continue;
      const gone = mirror.remove(uid)!;
      details.push({ kind: 'vanish', device: this.name, message: gone.key, subject: gone.subject, text: `"${gone.subject}" disappeared from ${mirror.folder} (deleted or moved on another device)` });
    }
  }

  // --- user actions -------------------------------------------------------------------------

  private applyLocally(change: QueuedChange, message: LocalMessage): void {
    const mirror = this.mirrors.get(change.folder)!;
    switch (change.action) {
      case 'read':
      case 'unread':
      case 'flag':
      case 'unflag':
        applyLocalFlag(message, change.action);
        return;
      case 'move':
        // The copy in the destination appears when that folder syncs (it has a new UID there).
        mirror.remove(change.uid);
        return;
      case 'delete':
        if (this.settings.deleteModel === 'mark') message.deleted = true;
        else mirror.remove(change.uid);
        return;
    }
  }

  private async applyOnServer(client: ImapFlow, change: QueuedChange): Promise<void> {
    if (!client.mailbox || client.mailbox.path !== change.folder) await client.mailboxOpen(change.folder);
    await this.plan(change).apply(client);
  }

  private plan(change: QueuedChange): ServerChange {
    return planServerChange(change, this.settings.deleteModel, this.trashFolder);
  }

  /** Replays one offline change; a message the server no longer has is a conflict, server wins. */
  private async replay(client: ImapFlow, change: QueuedChange): Promise<void> {
    const box = await client.mailboxOpen(change.folder).catch(() => undefined);
    const mirror = this.mirrors.get(change.folder);
    const stillThere = box && mirror?.uidValidity === box.uidValidity && ((await client.search({ uid: String(change.uid) }, { uid: true })) || []).includes(change.uid);
    if (!stillThere) {
      this.options.log.record({ kind: 'conflict', device: this.name, message: change.key, subject: change.subject, text: `conflict: could not replay (${describeChange(change)}): the message is no longer on the server, another device deleted or moved it; the server wins` });
      return;
    }
    await this.applyOnServer(client, change);
    this.options.log.record({ kind: change.action, device: this.name, message: change.key, subject: change.subject, text: `replayed on the server: ${describeChange(change)}` });
  }
}

/** The server's own words when imapflow has them ("Invalid user name or password [AUTHENTICATIONFAILED]"). */
export function describeImapError(error: unknown): string {
  const e = error as { responseText?: string; serverResponseCode?: string; message?: string };
  const text = e.responseText || e.message || String(error);
  return e.serverResponseCode ? `${text} [${e.serverResponseCode}]` : text;
}

/** The connection went away (server BYE, dropped socket), as opposed to a refused command. */
function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NoConnection' || code === 'EPIPE' || code === 'ECONNRESET';
}

/** "2 new, 1 gone, 1 changed" from a sync's detail events, or "nothing new". */
function summarize(details: readonly NewEvent[]): string {
  const count = (kind: NewEvent['kind']): number => details.filter((d) => d.kind === kind).length;
  const parts = [
    [count('download'), 'new'],
    [count('vanish'), 'gone'],
    [count('update'), 'changed'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => `${n} ${word}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing new';
}

export function describeImapSettings(settings: ImapDeviceSettings): string {
  const folders = settings.folders === 'all' ? 'all folders' : settings.folders.join(', ');
  const parts = [settings.push ? 'push (IDLE)' : settings.checkEvery ? `check every ${settings.checkEvery}` : 'checks when asked', `folders: ${folders}`];
  if (settings.download === 'headers') parts.push('headers only');
  parts.push(`delete: ${settings.deleteModel}`);
  return `IMAP, ${parts.join(', ')}`;
}
