import { afterEach, beforeEach } from 'vitest';
import net from 'node:net';
import { Pop3Error, Pop3Service, type Pop3ServiceOptions } from '../../src/pop3/index.js';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { TrackedListener } from '../../src/server/listener.js';
import { SYSTEM_TIMERS } from '../../src/server/timers.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore, type Account, type Message } from '../../src/store/index.js';

export const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);
export const origin = { label: 'test' };

export const MESSAGE_1 =
  'From: carol@example.com\r\nTo: alice@example.com\r\nSubject: one\r\n\r\nHello Alice.\r\nSecond line.\r\n';
export const MESSAGE_2 = 'From: dave@example.com\r\nSubject: two\r\n\r\nShort.\r\n';
export const MESSAGE_3 = 'From: erin@example.com\r\nSubject: three\r\n\r\nLine 1\r\nLine 2\r\nLine 3\r\n';

/** The Pop3Error a call fails with; fails the test if it succeeds or fails differently. */
export async function rejection(promise: Promise<unknown>): Promise<Pop3Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Pop3Error)) throw new Error(`expected a Pop3Error, got ${String(error)}`);
  return error;
}

export function deliver(account: Account, text: string | Buffer): Message {
  return account.inbox.append(typeof text === 'string' ? Buffer.from(text) : text, origin);
}

/** Everything a message in the store has that POP3 could change by mistake. */
export function snapshotStore(store: MailStore): unknown {
  return store.accounts().map((account) => ({
    address: account.address,
    mailboxes: account.mailboxes().map((box) => ({
      name: box.name,
      highestModSeq: box.highestModSeq,
      messages: box.messages.map((m) => ({ id: m.id, raw: m.raw.toString('base64'), flags: m.flags, modseq: m.modseq })),
    })),
  }));
}

export interface Pop3Env {
  clock: VirtualClock;
  store: MailStore;
  alice: Account;
  bob: Account;
  service: Pop3Service;
  port: number;
  wire: WireEvent[];
  /** Server-side sockets in accept order, each with a promise of its close. */
  accepted: { socket: net.Socket; closed: Promise<void> }[];
  /** Resolves once the server has accepted its nth connection (1-based). */
  acceptedNth(n: number): Promise<{ socket: net.Socket; closed: Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The fixture most POP3 server and client tests share: before each test a fresh server with
 * alice's three messages; after it, every tracked connection dropped and the server closed.
 */
export function pop3Fixture(): { readonly env: Pop3Env; track<T extends { destroy(): void }>(connection: T): T } {
  let current: Pop3Env | undefined;
  const tracked: { destroy(): void }[] = [];
  beforeEach(async () => {
    current = await startPop3();
    for (const text of [MESSAGE_1, MESSAGE_2, MESSAGE_3]) deliver(current.alice, text);
  });
  afterEach(async () => {
    for (const connection of tracked.splice(0)) connection.destroy();
    await current?.close();
  });
  return {
    get env(): Pop3Env {
      if (!current) throw new Error('pop3Fixture().env is only available inside a test');
      return current;
    },
    track<T extends { destroy(): void }>(connection: T): T {
      tracked.push(connection);
      return connection;
    },
  };
}

export async function startPop3(hostname?: string, extra: Partial<Pick<Pop3ServiceOptions, 'timers' | 'caps' | 'throttle'>> = {}): Promise<Pop3Env> {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const bob = store.addAccount('bob@example.com', 'hunter2');
  const wire: WireEvent[] = [];
  const service = new Pop3Service({ store, clock, timers: SYSTEM_TIMERS, hostname, onWire: (event) => wire.push(event), ...extra });
  const accepted: Pop3Env['accepted'] = [];
  const waiting: (() => void)[] = [];
  const listener = new TrackedListener((socket) => {
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    accepted.push({ socket, closed });
    service.accept(socket);
    for (const wake of waiting.splice(0)) wake();
  });
  const port = await listener.listen(0, '127.0.0.1');
  const acceptedNth = async (n: number) => {
    while (accepted.length < n) await new Promise<void>((resolve) => waiting.push(resolve));
    return accepted[n - 1]!;
  };
  const close = () => listener.close((socket) => service.farewell(socket));
  return { clock, store, alice, bob, service, port, wire, accepted, acceptedNth, close };
}

/**
 * A raw test client: writes exact bytes, records every byte received, and waits for complete
 * responses by inspecting the byte stream (never by sleeping).
 */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  /** Every byte received, in order. */
  received = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Opens a connection and reads the greeting. */
  static async greeted(port: number): Promise<{ conn: RawConnection; greeting: string }> {
    const conn = await RawConnection.open(port);
    return { conn, greeting: await conn.line() };
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Writes one byte per write call, each flushed before the next. */
  async sendBytewise(data: string | Buffer): Promise<void> {
    this.socket.setNoDelay(true);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let i = 0; i < bytes.length; i++) {
      await new Promise<void>((resolve) => this.socket.write(bytes.subarray(i, i + 1), () => resolve()));
    }
  }

  /** The next CRLF-terminated line, without CRLF. */
  async line(): Promise<string> {
    const end = await this.waitFor(() => {
      const i = this.buffer.indexOf('\r\n');
      return i === -1 ? undefined : i;
    });
    const text = this.buffer.subarray(0, end).toString('utf8');
    this.buffer = this.buffer.subarray(end + 2);
    return text;
  }

  /** Status line, then (on +OK) the raw, still dot-stuffed bytes before the ".\r\n" terminator. */
  async multiline(): Promise<{ status: string; body: Buffer }> {
    const status = await this.line();
    if (!status.startsWith('+OK')) return { status, body: Buffer.alloc(0) };
    const end = await this.waitFor(() => {
      if (this.buffer.subarray(0, 3).toString() === '.\r\n') return 0;
      const i = this.buffer.indexOf('\r\n.\r\n');
      return i === -1 ? undefined : i + 2;
    });
    const body = Buffer.from(this.buffer.subarray(0, end));
    this.buffer = this.buffer.subarray(end + 3);
    return { status, body };
  }

  async command(line: string): Promise<string> {
    this.send(line + '\r\n');
    return this.line();
  }

  /** Multi-line command; returns the status and the body's lines as text. */
  async listing(line: string): Promise<{ status: string; lines: string[] }> {
    this.send(line + '\r\n');
    const { status, body } = await this.multiline();
    const text = body.toString('utf8');
    return { status, lines: text === '' ? [] : text.slice(0, -2).split('\r\n') };
  }

  async login(user = 'alice@example.com', password = 'secret'): Promise<string> {
    await this.command(`USER ${user}`);
    return this.command(`PASS ${password}`);
  }

  /** Resolves when the server closes; bytes still buffered stay readable. */
  async waitClosed(): Promise<void> {
    await this.closed;
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Unread bytes, e.g. to assert the server sent nothing more. */
  get unread(): Buffer {
    return this.buffer;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async waitFor<T>(probe: () => T | undefined): Promise<T> {
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (this.ended) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer.toString('latin1'))}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Octets of MESSAGE_1..3 together (they already use CRLF, so POP3 sizes equal their lengths). */
export const TOTAL_3 = MESSAGE_1.length + MESSAGE_2.length + MESSAGE_3.length;
