import net from 'node:net';
import tls from 'node:tls';
import { afterEach } from 'vitest';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/start.js';

/** A server with TLS and alice, closed after each test; every listener on a free port. */
export function tlsServerFixture(options: Omit<StartServerOptions, 'users' | 'ports'> = { tls: true }): { start(): Promise<RunningServer> } {
  const running: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return {
    async start() {
      const server = await startServer({
        ...options,
        users: [{ user: 'alice@example.com', password: 'secret' }],
        ports: { imap: 0, pop3: 0, smtp: 0, imaps: 0, pop3s: 0, smtps: 0 },
      });
      running.push(server);
      return server;
    },
  };
}

/** Reads CRLF lines from a socket, one promise per line, in order. */
export class LineSocket {
  private buffer = '';
  private readonly lines: string[] = [];
  private readonly waiting: ((line: string) => void)[] = [];
  readonly closed: Promise<void>;

  constructor(public socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.attach(socket);
  }

  /** Reads from `socket` from now on (after a STARTTLS handshake). */
  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) !== -1) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const waiter = this.waiting.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
      }
    });
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Lines up to and including the first that starts with `prefix`. */
  async until(prefix: string): Promise<string[]> {
    const seen: string[] = [];
    for (;;) {
      const line = await this.next();
      seen.push(line);
      if (line.startsWith(prefix)) return seen;
    }
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** Bytes received and not yet read as lines (after STARTTLS: none may arrive in plaintext). */
  get pending(): number {
    return this.lines.length + this.buffer.length;
  }
}

/** A TLS client socket trusting the server's certificate, connected once the handshake is done. */
export function tlsConnect(port: number, ca: string, socket?: net.Socket): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ host: '127.0.0.1', port, ca, ...(socket ? { socket } : {}) }, () => resolve(secure));
    secure.once('error', reject);
  });
}

export function plainConnect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}
