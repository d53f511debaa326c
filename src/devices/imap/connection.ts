import { ImapFlow, type ListResponse, type MailboxObject } from 'imapflow';
import type { WireListener } from '../../protocol/transcript.js';
import type { Security } from '../settings.js';
import { imapFlowLogger } from './wire.js';
import { trustContext } from '../../tls/trust.js';

export interface ImapConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Sent in ID, e.g. "mailsim phone". */
  readonly clientName: string;
  /** SSL/TLS (the port is the IMAPS one), STARTTLS (required, never skipped), or plaintext. */
  readonly security: Security;
  /** The server's certificate, trusted as a user who accepted it would. */
  readonly ca?: string;
  readonly onWire?: WireListener;
  /** ENABLE QRESYNC (RFC 7162) and resynchronise folders with it. */
  readonly qresync?: boolean;
}

/** What the server said about a folder while answering SELECT ... (QRESYNC ...). */
export interface ResyncNews {
  /** UIDs the server reported as VANISHED (EARLIER). */
  readonly vanished: number[];
  /** UID -> flags, for messages that changed since the given mod-sequence. */
  readonly changed: Map<number, Set<string>>;
}

/**
 * A device's one connection to the server, as a mail app keeps it: opened on demand, reopened after
 * a drop, idling on one folder between steps when the device is pushing. Knows nothing of the
 * device's local store.
 */
export class ImapConnection {
  private client?: ImapFlow;
  private idling?: Promise<unknown>;
  private idleFolder?: string;
  private pushed = false;
  /** Numbers this device's connections in its wire transcript. */
  private opened = 0;
  private lastCommandError?: unknown;
  /** Why the connection went away while idling, until the device hears of it. */
  private lostWhileIdling?: string;
  private folderList?: ListResponse[];
  /** Resolves startIdle() once the server has answered IDLE with its "+" continuation. */
  private idleStarted?: () => void;
  /** Collects VANISHED and FETCH (FLAGS) while a QRESYNC SELECT is answered. */
  private news?: { readonly folder: string; readonly collected: ResyncNews };

  constructor(private readonly options: ImapConnectionOptions) {}

  /** The open connection, connecting (and logging in) first when there is none. */
  async open(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.drop();
    const connectionId = ++this.opened;
    const { onWire } = this.options;
    const client = new ImapFlow({
      host: this.options.host,
      port: this.options.port,
      secure: this.options.security === 'tls',
      // STARTTLS as a client set to it does: required, so a server without it is an error, never
      // a silent plaintext login. "none" never upgrades.
      ...(this.options.security === 'tls' ? {} : { doSTARTTLS: this.options.security === 'starttls' }),
      ...(this.options.ca === undefined ? {} : { tls: { secureContext: trustContext(this.options.ca) } }),
      auth: { user: this.options.user, pass: this.options.password },
      logger: imapFlowLogger(
        onWire,
        connectionId,
        (error) => (this.lastCommandError = error),
        () => this.idleStarted?.(),
      ),
      ...(onWire ? { logRaw: true } : {}),
      // The runner decides when to idle, so every step ends in a known state.
      disableAutoIdle: true,
      // COMPRESS=DEFLATE changes nothing a device shows, only bytes on a loopback socket, and
      // deflating both ways cost more CPU than everything else in a large run. The server still
      // offers it to real clients (`mailsim serve`).
      disableCompression: true,
      clientInfo: { name: this.options.clientName },
      ...(this.options.qresync ? { qresync: true } : {}),
    });
    // A dropped socket (server BYE, reset) ends this connection; the next use opens a new one.
    client.on('error', (error: Error) => this.lose(client, error.message));
    client.on('close', () => this.lose(client, 'the connection closed'));
    for (const event of ['exists', 'expunge', 'flags'] as const) {
      client.on(event, (data: { path?: string }) => {
        if (this.idling && data.path === this.idleFolder) this.pushed = true;
      });
    }
    client.on('expunge', (data: { path?: string; uid?: number; vanished?: boolean }) => {
      if (this.news && data.path === this.news.folder && data.vanished && data.uid !== undefined) this.news.collected.vanished.push(data.uid);
    });
    client.on('flags', (data: { path?: string; uid?: number; flags?: Set<string> }) => {
      if (this.news && data.path === this.news.folder && data.uid !== undefined && data.flags) this.news.collected.changed.set(data.uid, data.flags);
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /**
   * Selects a folder with QRESYNC (its UIDVALIDITY and the highest mod-sequence the device knows),
   * collecting what the server says vanished and changed meanwhile. `box.qresync` is false when the
   * server could not resynchronise that way (another UIDVALIDITY, no mod-sequences).
   */
  async selectWithQresync(folder: string, uidValidity: bigint, modseq: bigint): Promise<{ box: MailboxObject & { qresync?: boolean }; news: ResyncNews }> {
    const client = await this.open();
    const collected: ResyncNews = { vanished: [], changed: new Map() };
    this.news = { folder, collected };
    try {
      const box = (await client.mailboxOpen(folder, { uidValidity, changedSince: modseq } as Parameters<ImapFlow['mailboxOpen']>[1])) as MailboxObject & { qresync?: boolean };
      return { box, news: collected };
    } finally {
      this.news = undefined;
    }
  }

  /** This connection's number: 1 for the device's first, and so on. */
  get session(): number {
    return this.opened;
  }

  /** Whether QRESYNC is in effect on this connection. */
  get qresync(): boolean {
    return this.client?.enabled.has('QRESYNC') ?? false;
  }

  /** The server's folders (LIST), cached for the life of the connection. */
  async folders(): Promise<ListResponse[]> {
    const client = await this.open();
    this.folderList ??= await client.list();
    return this.folderList;
  }

  /** Call after CREATE/DELETE/RENAME so the next `folders()` asks the server again. */
  foldersChanged(): void {
    this.folderList = undefined;
  }

  /** The refused command's error that imapflow logged since the last call, if any. */
  takeCommandError(): unknown {
    const error = this.lastCommandError;
    this.lastCommandError = undefined;
    return error;
  }

  get isIdling(): boolean {
    return this.idling !== undefined;
  }

  /**
   * Selects `folder` if needed and enters IDLE there; news is collected until `endIdle()`. Returns
   * once the server has answered "+ idling", so the next step's changes find the server idling —
   * otherwise whether a change is pushed before or after the continuation would depend on timing.
   */
  async startIdle(folder: string): Promise<void> {
    const client = await this.open();
    if (client.mailbox === false || client.mailbox.path !== folder) await client.mailboxOpen(folder);
    this.pushed = false;
    this.idleFolder = folder;
    const started = new Promise<void>((resolve) => (this.idleStarted = resolve));
    const idling = client.idle().catch(() => undefined);
    this.idling = idling;
    // IDLE may also end before it starts (the server refused it, the connection closed).
    await Promise.race([started, idling]);
    this.idleStarted = undefined;
  }

  /**
   * Ends IDLE and reports whether the server pushed anything for the idle folder. imapflow ends
   * IDLE (DONE) before running NOOP; when NOOP completes, every untagged response the server sent
   * before our DONE has been read and its event emitted. That is the barrier: no sleeping.
   */
  async endIdle(): Promise<boolean> {
    const client = this.client;
    const idling = this.idling;
    if (!client || !idling) return false;
    try {
      await client.noop();
      await idling;
    } finally {
      this.idling = undefined;
    }
    // imapflow answers a command on a dead connection with nothing; a push heard there is lost.
    if (!client.usable) throw Object.assign(new Error(this.takeLoss() ?? 'the connection closed'), { code: 'NoConnection' });
    const pushed = this.pushed;
    this.pushed = false;
    return pushed;
  }

  /**
   * The reason the server or the network ended the connection while it idled, once: a push
   * client notices when it next looks, reports it and reconnects.
   */
  takeLoss(): string | undefined {
    const reason = this.lostWhileIdling;
    this.lostWhileIdling = undefined;
    return reason;
  }

  private lose(client: ImapFlow, reason: string): void {
    if (this.client === client && this.idling) this.lostWhileIdling ??= reason;
    this.forget(client);
  }

  /** Losing the network: the socket just goes, no LOGOUT. */
  drop(): void {
    const client = this.client;
    if (client) this.forget(client);
    client?.close();
  }

  async logout(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.idling = undefined;
    if (!client) return;
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }

  private forget(client: ImapFlow): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.idling = undefined;
    this.folderList = undefined;
  }
}

/** The server's own words when imapflow has them ("Invalid user name or password [AUTHENTICATIONFAILED]"). */
export function describeImapError(error: unknown): string {
  const e = error as { responseText?: string; serverResponseCode?: string; message?: string };
  const text = e.responseText || e.message || String(error);
  return e.serverResponseCode ? `${text} [${e.serverResponseCode}]` : text;
}

/** The connection went away (server BYE, dropped socket), as opposed to a refused command. */
export function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NoConnection' || code === 'EPIPE' || code === 'ECONNRESET';
}
