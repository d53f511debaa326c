import net from 'node:net';
import zlib from 'node:zlib';
import { ImapFlow } from 'imapflow';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { MailServer, type MailServerOptions } from '../../src/server/mail-server.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore, type Account, type Message } from '../../src/store/index.js';

export const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);

export interface ImapWorld {
  readonly clock: VirtualClock;
  readonly store: MailStore;
  readonly alice: Account;
  readonly server: MailServer;
  readonly port: number;
  readonly wire: WireEvent[];
  /** Adds a message to a mailbox of alice (INBOX by default) as SMTP delivery would. */
  deliver(subject: string, options?: { mailbox?: string; flags?: string[]; body?: string; from?: string }): Message;
  /** A connected, logged-in imapflow client (closed by close()). */
  client(options?: { user?: string; pass?: string; qresync?: boolean; compression?: false }): Promise<ImapFlow>;
  /** A raw socket that has read the greeting (closed by close()). */
  raw(): Promise<RawImap>;
  /** Every stored message's bytes and flags, to prove bad input changed nothing. */
  snapshot(): string;
  close(): Promise<void>;
}

/**
 * Starts a store with alice@example.com / secret and an IMAP server on 127.0.0.1:0, with the
 * standard profile changed by `capabilities` ("-QRESYNC", "+LITERAL-") when given, and with the real
 * timers unless the test brings its own (test/helpers/manual-timers.ts).
 */
export async function imapWorld(
  options: { capabilities?: readonly string[] } & Pick<MailServerOptions, 'timers' | 'caps' | 'loginThrottle'> = {},
): Promise<ImapWorld> {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const wire: WireEvent[] = [];
  const { capabilities, ...serverOptions } = options;
  const imap = capabilities ? { imap: { capabilities } } : {};
  const server = await MailServer.start({
    store,
    clock,
    ports: { pop3: false, smtp: false },
    onWire: (e) => wire.push(e),
    ...imap,
    ...serverOptions,
  });
  const port = server.ports.imap!;
  const clients: ImapFlow[] = [];
  const raws: RawImap[] = [];
  let counter = 0;
  return {
    clock,
    store,
    alice,
    server,
    port,
    wire,
    deliver(subject, options = {}) {
      const box = alice.mailbox(options.mailbox ?? 'INBOX');
      if (!box) throw new Error(`no mailbox ${options.mailbox}`);
      counter++;
      const raw =
        `From: ${options.from ?? 'Bob <bob@example.com>'}\r\nTo: alice@example.com\r\nSubject: ${subject}\r\n` +
        `Date: Mon, 04 Mar 2024 09:00:00 +0000\r\nMessage-ID: <${counter}@test>\r\n\r\n${options.body ?? `Body of ${subject}`}\r\n`;
      return box.append(Buffer.from(raw), { label: 'test' }, { flags: options.flags ?? [] });
    },
    async client(options = {}) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        logger: false,
        disableAutoIdle: true,
        ...(options.qresync ? { qresync: true } : {}),
        // imapflow turns COMPRESS=DEFLATE on when offered; false keeps the octets as they are on the socket.
        ...(options.compression === false ? { disableCompression: true } : {}),
        auth: { user: options.user ?? 'alice@example.com', pass: options.pass ?? 'secret' },
      });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
    async raw() {
      const raw = await RawImap.connect(port);
      raws.push(raw);
      return raw;
    },
    snapshot() {
      return store
        .accounts()
        .flatMap((a) => a.mailboxes().flatMap((b) => b.messages.map((m) => `${a.address}/${b.name}/${m.uid} ${m.flags.join(' ')} ${m.raw.toString('base64')}`)))
        .join('\n');
    },
    async close() {
      for (const client of clients) client.close();
      for (const raw of raws) raw.destroy();
      await server.close();
    },
  };
}

/**
 * A raw IMAP client for byte-level tests: write exact bytes, read until a tagged response.
 * Waits on data events, never on timers.
 */
export class RawImap {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<RawImap> {
    const socket = net.connect(port, '127.0.0.1');
    // Every write goes out at once: with Nagle, a second small write waits ~40 ms for an ACK.
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const raw = new RawImap(socket);
    await raw.readUntil(/^\* OK .*\r\n/m);
    raw.take();
    return raw;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Everything received so far, as latin1 text. */
  get text(): string {
    return this.buffer.toString('latin1');
  }

  /** Returns and clears what has been received. */
  take(): string {
    const text = this.text;
    this.buffer = Buffer.alloc(0);
    return text;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Resolves when the received text matches, or rejects when the socket closes first. */
  async readUntil(pattern: RegExp): Promise<string> {
    for (;;) {
      if (pattern.test(this.text)) return this.text;
      if (this.closed) throw new Error(`connection closed before ${pattern}; got:\n${this.text}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Sends `tag command` and returns all lines up to and including the tagged response. */
  async command(tag: string, command: string): Promise<string> {
    this.take();
    this.write(`${tag} ${command}\r\n`);
    await this.readUntil(new RegExp(`^${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`, 'm'));
    return this.take();
  }

  /** Logs in as alice and selects INBOX. */
  async loginAndSelect(mailbox = 'INBOX'): Promise<string> {
    await this.command('L1', 'LOGIN alice@example.com secret');
    return this.command('S1', `SELECT ${mailbox}`);
  }

  /** Resolves when the server closes the connection. */
  async closedByServer(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A raw client that speaks DEFLATE after COMPRESS: commands in, decompressed text out. */
export class CompressedClient {
  private text = '';
  private readonly waiters: (() => void)[] = [];
  private readonly deflate = zlib.createDeflateRaw();
  private readonly inflate = zlib.createInflateRaw();
  closed = false;

  constructor(socket: net.Socket) {
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => this.inflate.write(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    this.inflate.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('latin1');
      this.wake();
    });
    this.inflate.on('error', () => undefined);
    this.deflate.on('data', (chunk: Buffer) => socket.write(chunk));
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  async command(tag: string, command: string): Promise<string> {
    this.text = '';
    this.deflate.write(`${tag} ${command}\r\n`);
    this.deflate.flush(zlib.constants.Z_SYNC_FLUSH);
    const done = new RegExp(`^${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`, 'm');
    while (!done.test(this.text)) {
      if (this.closed) throw new Error(`closed before ${tag} finished: ${this.text}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.text;
  }
}

