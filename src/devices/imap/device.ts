import { groupDigits } from '../../text/numbers.js';
import type { ImapFlow } from 'imapflow';
import type { Device, DeviceEnvironment, DeviceSnapshot, LocalAction, OutgoingMail, Selector, SyncReason } from '../device.js';
import type { NewEvent } from '../events.js';
import { countAttachments } from '../headers.js';
import { applyLocalFlag } from '../local-actions.js';
import { INBOX, LocalStore, type LocalFolderSnapshot, type LocalMessage } from '../local-store.js';
import { selectMessages } from '../select.js';
import { describeImapSettings, type DeviceSettings, type ImapDeviceSettings } from '../settings.js';
import { inheritFolders, listRecipients, submitOrQueue, type SendingDevice } from '../sending.js';
import { describeChange, describeIntent, planServerChange, type QueuedChange, type ServerChange } from './changes.js';
import { describeImapError, ImapConnection, isConnectionLoss } from './connection.js';
import { syncFolder, type FolderSyncContext } from './folder-sync.js';
import { formatOctets } from '../octets.js';
import type { FolderMirror } from './mirror.js';

export interface ImapDeviceOptions extends DeviceEnvironment {
  readonly settings: ImapDeviceSettings;
}

/** A change the server refused (NO/BAD), with the server's words. */
class RefusedError extends Error {}

/**
 * An IMAP mail client on imapflow, as phones and laptops behave: it mirrors the folders it syncs
 * (UIDVALIDITY, UIDs, flags; bodies when `download: full`, else when the user opens a message),
 * learns what changed with CONDSTORE (CHANGEDSINCE) when the server offers it, stays in IDLE when
 * `push` is on, and carries every user action to the server — so the other devices see it too.
 * A change the server refuses is undone on the device, so it never shows what the server lacks.
 */
export class ImapDevice implements Device {
  readonly protocol = 'imap';
  private readonly local = new LocalStore();
  private readonly mirrors = new Map<string, FolderMirror>();
  private readonly connection: ImapConnection;
  private online = true;
  private readonly queue: QueuedChange[] = [];
  private trashFolder = 'Trash';
  private downloadedOctets = 0;
  private readonly folderSync: FolderSyncContext;
  private settingsNow: ImapDeviceSettings;
  /** Folders the user opened (or sent mail into): kept in step from then on, like synced ones. */
  private readonly opened = new Set<string>();
  /** Mail written while offline: submitted when back online, as an Outbox does. */
  private readonly outbox: OutgoingMail[] = [];
  /** Folders a POP3 account of this device left behind (after a switch to IMAP). */
  private localFolders: string[] = [];

  constructor(private readonly options: ImapDeviceOptions) {
    this.settingsNow = options.settings;
    this.connection = new ImapConnection({
      host: options.host,
      port: options.port,
      user: options.settings.account,
      password: options.password,
      clientName: `mailsim ${options.name}`,
      qresync: options.settings.resync === 'qresync',
      security: options.settings.security,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.onWire ? { onWire: options.onWire } : {}),
    });
    this.folderSync = {
      device: options.name,
      local: this.local,
      mirrors: this.mirrors,
      download: () => this.settingsNow.download,
      now: () => options.clock.now(),
      downloaded: (octets) => (this.downloadedOctets += octets),
      session: () => this.connection.session,
      qresyncSelect: (folder, uidValidity, modseq) =>
        this.connection.qresync ? this.connection.selectWithQresync(folder, uidValidity, modseq) : Promise.resolve(undefined),
    };
  }

  get name(): string {
    return this.options.name;
  }

  get account(): string {
    return this.options.settings.account;
  }

  private get settings(): ImapDeviceSettings {
    return this.settingsNow;
  }

  /** The app opens: it connects and syncs when its settings say it checks at startup. */
  async start(): Promise<void> {
    if (this.settings.checkAtStartup || this.settings.push) await this.sync('start');
  }

  async sync(reason: SyncReason): Promise<void> {
    const how = reason === 'poll' ? 'scheduled check' : reason === 'start' ? 'started' : reason === 'reconnect' ? 'reconnected' : 'checked mail';
    if (!this.online) {
      this.options.log.record({ kind: 'skipped', device: this.name, text: `${how}: offline, nothing synced` });
      return;
    }
    // A server may end a session (e.g. BYE when the selected folder was deleted elsewhere); like
    // real clients, reconnect once before calling the check a failure.
    for (let attempt = 1; ; attempt++) {
      const details: NewEvent[] = [];
      try {
        await this.connection.endIdle();
        const client = await this.connect();
        const folders = await this.foldersToSync();
        for (const folder of folders) await syncFolder(client, folder, this.folderSync, details);
        const mode = this.settings.push ? 'IDLE' : 'no push';
        const which = this.settings.folders === 'all' ? `all ${folders.length} folders` : folders.join(', ');
        this.options.log.recordGroup({ kind: 'check', device: this.name, text: `${how} (IMAP, ${mode}): ${which}, ${summarize(details)}` }, details);
        await this.resumeIdle();
        return;
      } catch (error) {
        this.connection.drop();
        if (attempt === 1 && isConnectionLoss(error)) continue;
        this.options.log.recordGroup({ kind: 'error', device: this.name, text: `${how} failed: ${describeImapError(error)}` }, details);
        return;
      }
    }
  }

  /**
   * Applies what the server pushed during IDLE. A dropped IDLE connection is an event of the run,
   * not a failure of it: the device says so and reconnects, as a phone does.
   */
  async settle(): Promise<void> {
    if (!this.settings.push || !this.online) return;
    let lost = this.connection.takeLoss();
    if (!lost && this.connection.isIdling) {
      let pushed = false;
      try {
        pushed = await this.connection.endIdle();
      } catch (error) {
        lost = describeImapError(error);
      }
      // A drop noticed while breaking IDLE counts as one too.
      lost ??= this.connection.takeLoss();
      if (!lost) {
        try {
          if (pushed) {
            const details: NewEvent[] = [];
            await syncFolder(await this.connect(), INBOX, this.folderSync, details);
            this.options.log.recordGroup({ kind: 'check', device: this.name, text: `pushed by the server (IDLE): INBOX, ${summarize(details)}` }, details);
          }
          await this.resumeIdle();
          return;
        } catch (error) {
          lost = describeImapError(error);
        }
      }
      this.connection.drop();
    }
    if (!lost) return;
    // Whether the drop was seen while idling or when breaking IDLE, a phone reconnects.
    this.options.log.record({ kind: 'error', device: this.name, text: `lost the push connection (${lost}); reconnecting` });
    await this.sync('reconnect');
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
      if (uid === undefined || !mirror) continue;
      const change: QueuedChange = { action: action.kind, folder, uid, subject: message.subject, key: message.key, ...(action.kind === 'move' || action.kind === 'copy' ? { to: action.to } : {}) };
      await this.perform(change, message, mirror);
    }
  }

  private async perform(change: QueuedChange, message: LocalMessage, mirror: FolderMirror): Promise<void> {
    const base = { kind: change.action, device: this.name, message: message.key, subject: message.subject } as const;
    if (!this.online) {
      this.applyLocally(change, message, mirror);
      this.queue.push(change);
      const body = change.action === 'read' && message.headersOnly ? '; only its headers are on this device, the body downloads when back online' : '';
      this.options.log.record({ ...base, text: `${describeChange(change)} (offline: queued until back online${body})` });
      return;
    }
    let opened = '';
    try {
      await this.connection.endIdle();
      const client = await this.connect();
      if (!client.mailbox || client.mailbox.path !== change.folder) await client.mailboxOpen(change.folder);
      if (change.action === 'read' && message.headersOnly) opened = await this.openBody(client, change.uid, message);
      const undo = this.applyLocally(change, message, mirror);
      const plan = this.plan(change);
      try {
        if (!(await plan.apply(client))) throw new RefusedError(describeImapError(this.connection.takeCommandError() ?? 'the server refused it'));
      } catch (error) {
        undo();
        throw error;
      }
      if (change.to) this.connection.foldersChanged();
      this.options.log.record({ ...base, text: `${opened}${describeChange(change)} (on the server: ${plan.effect})` });
      // What the client did, in its terms: the server's rules decide what expunging means (Gmail keeps it in All Mail).
      if (plan.expunges) this.options.log.record({ ...base, kind: 'server-delete', detail: true, text: `expunged "${message.subject}" from ${change.folder} on the server` });
      if (change.to && this.syncs(change.to)) await syncFolder(client, change.to, this.folderSync, []);
      if (change.action === 'delete' && this.settings.deleteModel === 'trash' && this.syncs(this.trashFolder)) await syncFolder(client, this.trashFolder, this.folderSync, []);
      await this.resumeIdle();
    } catch (error) {
      // A refused command leaves the session usable; a lost connection is reopened next time.
      if (isConnectionLoss(error)) this.connection.drop();
      else await this.resumeIdle().catch(() => this.connection.drop());
      this.options.log.record({ kind: 'error', device: this.name, message: message.key, subject: message.subject, text: `${opened}could not ${describeIntent(change)}: ${errorText(error)}; undone on this device, which shows the server's state` });
    }
  }

  /**
   * The user opens a message of which only the headers are here: the client downloads the body
   * (UID FETCH n BODY.PEEK[], which leaves \Seen to the STORE that follows, as imapflow sends it).
   */
  private async openBody(client: ImapFlow, uid: number, message: LocalMessage): Promise<string> {
    const fetched = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    const octets = fetched && fetched.source ? fetched.source.length : 0;
    this.downloadedOctets += octets;
    message.headersOnly = false;
    if (fetched && fetched.source) message.attachments = await countAttachments(fetched.source);
    return `opened "${message.subject}": downloaded the body, ${formatOctets(octets)} (UID FETCH BODY.PEEK[]); `;
  }

  async setOnline(online: boolean): Promise<void> {
    if (online === this.online) return;
    this.online = online;
    if (!online) {
      // Losing the network: the connection just drops, no LOGOUT.
      this.connection.drop();
      this.options.log.record({ kind: 'offline', device: this.name, text: 'went offline; changes will queue on this device' });
      return;
    }
    this.options.log.record({ kind: 'online', device: this.name, text: `back online${this.queue.length ? `, replaying ${this.queue.length} queued change${this.queue.length === 1 ? '' : 's'}` : ''}` });
    try {
      const client = await this.connect();
      for (const change of this.queue.splice(0)) await this.replay(client, change);
      for (const mail of this.outbox.splice(0)) await this.send(mail);
    } catch (error) {
      this.options.log.record({ kind: 'error', device: this.name, text: `reconnect failed: ${describeImapError(error)}` });
      this.connection.drop();
    }
    await this.sync('step');
  }

  lookup(selector: Selector, folder = INBOX): LocalMessage | undefined {
    const selection = selectMessages(this.local, folder, selector);
    return selection.ok ? selection.messages[0] : undefined;
  }

  /**
   * Sends as an IMAP client does: SMTP submission, then a copy into the server's Sent folder with
   * APPEND (Thunderbird: fcc on, to the account's Sent folder; K-9: "upload sent messages"),
   * unless the server files one itself. Offline, the message waits in the Outbox.
   */
  async send(mail: OutgoingMail): Promise<void> {
    const base = { kind: 'send' as const, device: this.name, message: mail.key, subject: mail.subject };
    const result = await submitOrQueue(this.sendingDevice(), mail);
    if (!result) return;
    let copy = this.options.serverSavesSent ? '; the server files the copy in Sent itself' : '';
    if (!this.options.serverSavesSent) {
      try {
        await this.connection.endIdle();
        const client = await this.connect();
        const sent = (await this.connection.folders()).find((f) => f.specialUse === '\\Sent')?.path ?? 'Sent';
        if (!(await this.connection.folders()).some((f) => f.path === sent)) {
          await client.mailboxCreate(sent);
          this.connection.foldersChanged();
        }
        await client.append(sent, mail.raw, ['\\Seen'], new Date(this.options.clock.now()));
        this.opened.add(sent);
        await syncFolder(client, sent, this.folderSync, []);
        copy = `; saved a copy in ${sent} (APPEND)`;
        await this.resumeIdle();
      } catch (error) {
        if (isConnectionLoss(error)) this.connection.drop();
        copy = `; could not save a copy in Sent: ${describeImapError(error)}`;
      }
    }
    const refused = result.rejected.length > 0 ? ` (refused: ${result.rejected.join(', ')})` : '';
    this.options.log.record({ ...base, text: `sent "${mail.subject}" to ${listRecipients(mail)} (SMTP submission)${refused}${copy}` });
  }

  private sendingDevice(): SendingDevice {
    const submission = { host: this.options.host, port: this.options.smtpPort!, user: this.account, password: this.options.password, name: `${this.name}.mailsim.test`, security: this.settings.security, ...(this.options.ca === undefined ? {} : { ca: this.options.ca }) };
    return { name: this.name, online: this.online, outbox: this.outbox, log: this.options.log, submission };
  }

  /** The user opens a folder this device does not sync: it is fetched, and kept in step from now on. */
  async openFolder(folder: string): Promise<void> {
    if (!this.online) {
      this.options.log.record({ kind: 'skipped', device: this.name, text: `opened ${folder}: offline, only what is cached here shows` });
      return;
    }
    const details: NewEvent[] = [];
    try {
      await this.connection.endIdle();
      const client = await this.connect();
      await syncFolder(client, folder, this.folderSync, details);
      this.opened.add(folder);
      this.options.log.recordGroup({ kind: 'open', device: this.name, text: `opened ${folder} (IMAP): ${summarize(details)}; it stays in step from now on` }, details);
      await this.resumeIdle();
    } catch (error) {
      if (isConnectionLoss(error)) this.connection.drop();
      this.options.log.recordGroup({ kind: 'error', device: this.name, text: `could not open ${folder}: ${describeImapError(error)}` }, details);
    }
  }

  async reconfigure(settings: DeviceSettings): Promise<void> {
    if (settings.protocol !== 'imap') throw new Error('an IMAP device cannot take POP3 settings; the runner replaces the device instead');
    const wasPushing = this.settings.push;
    this.settingsNow = settings;
    if (wasPushing && !settings.push) await this.connection.endIdle().catch(() => this.connection.drop());
    if (!wasPushing && settings.push && this.online) await this.sync('step');
  }

  inherit(folders: readonly LocalFolderSnapshot[]): void {
    this.localFolders = inheritFolders(this.local, folders);
  }

  snapshot(): DeviceSnapshot {
    return {
      name: this.name,
      protocol: 'imap',
      account: this.account,
      settings: this.settings,
      summary: describeImapSettings(this.settings),
      online: this.online,
      syncs: this.settings.folders === 'all' ? 'all' : [...new Set([...this.settings.folders, ...this.opened])],
      ...(this.localFolders.length > 0 ? { localFolders: [...this.localFolders] } : {}),
      downloadedBytes: this.downloadedOctets,
      folders: this.local.snapshot(),
    };
  }

  async close(): Promise<void> {
    await this.connection.logout();
  }

  // --- connection ---------------------------------------------------------------------------

  private async connect(): Promise<ImapFlow> {
    const client = await this.connection.open();
    const trash = (await this.connection.folders()).find((f) => f.specialUse === '\\Trash');
    if (trash) this.trashFolder = trash.path;
    return client;
  }

  private async resumeIdle(): Promise<void> {
    if (!this.settings.push || !this.online) return;
    await this.connection.startIdle(INBOX);
  }

  private async foldersToSync(): Promise<string[]> {
    if (this.settings.folders !== 'all') return [...new Set([...this.settings.folders, ...this.opened])];
    return (await this.connection.folders()).filter((f) => !f.flags.has('\\Noselect')).map((f) => f.path);
  }

  private syncs(folder: string): boolean {
    return this.settings.folders === 'all' || this.settings.folders.includes(folder) || this.opened.has(folder);
  }

  // --- user actions -------------------------------------------------------------------------

  /** Shows the change on the device at once, as clients do; returns how to take it back. */
  private applyLocally(change: QueuedChange, message: LocalMessage, mirror: FolderMirror): () => void {
    const before = { seen: message.seen, flagged: message.flagged, deleted: message.deleted };
    const restoreFlags = (): void => void Object.assign(message, before);
    const restoreMessage = (): void => {
      if (mirror.message(change.uid) === undefined) mirror.add(change.uid, message);
    };
    switch (change.action) {
      case 'read':
      case 'unread':
      case 'flag':
      case 'unflag':
        applyLocalFlag(message, change.action);
        return restoreFlags;
      case 'move':
        // The copy in the destination appears when that folder syncs (it has a new UID there).
        mirror.remove(change.uid);
        return restoreMessage;
      case 'copy':
        // Nothing changes here; the copy appears when the destination syncs.
        return () => undefined;
      case 'delete':
        if (this.settings.deleteModel === 'mark') {
          message.deleted = true;
          return restoreFlags;
        }
        mirror.remove(change.uid);
        return restoreMessage;
    }
  }

  private plan(change: QueuedChange): ServerChange {
    return planServerChange(change, this.settings.deleteModel, this.trashFolder, async (name) => (await this.connection.folders()).some((f) => f.path === name));
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
    const local = mirror.message(change.uid);
    const opened = change.action === 'read' && local?.headersOnly ? await this.openBody(client, change.uid, local) : '';
    const plan = this.plan(change);
    if (!(await plan.apply(client))) {
      this.options.log.record({ kind: 'conflict', device: this.name, message: change.key, subject: change.subject, text: `conflict: the server refused the replayed change (${describeChange(change)}): ${describeImapError(this.connection.takeCommandError() ?? 'no reason given')}; the server wins` });
      return;
    }
    if (change.to) this.connection.foldersChanged();
    this.options.log.record({ kind: change.action, device: this.name, message: change.key, subject: change.subject, text: `${opened}replayed on the server: ${describeChange(change)}` });
    if (plan.expunges) this.options.log.record({ kind: 'server-delete', device: this.name, message: change.key, subject: change.subject, detail: true, text: `expunged "${change.subject}" from ${change.folder} on the server` });
  }
}

function errorText(error: unknown): string {
  return error instanceof RefusedError ? `the server said "${error.message}"` : describeImapError(error);
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
    .map(([n, word]) => `${groupDigits(n as number)} ${word}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing new';
}
