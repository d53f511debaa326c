/**
 * Sockets for SMTP tests over real connections: a listener on 127.0.0.1 port 0 and line-reading
 * clients, all closed after each test (`afterEach(() => opened.close())`).
 */
import net from 'node:net';
import { TrackedListener } from '../../src/server/listener.js';

/** A client connection that reads lines; `next()` resolves with the next complete line. */
export interface LineClient {
  readonly socket: net.Socket;
  next(): Promise<string>;
  /** The last line of a (possibly multi-line) reply. */
  reply(): Promise<string>;
  readonly closed: Promise<void>;
  write(text: string): boolean;
}

/** What one test opened: at most one listener, and the sockets it connected or accepted. */
export class OpenedSockets {
  private listener: TrackedListener | undefined;
  private readonly sockets: net.Socket[] = [];

  /** Listens on 127.0.0.1 (port 0) and resolves with the port. */
  listen(accept: (socket: net.Socket) => void): Promise<number> {
    this.listener = new TrackedListener(accept);
    return this.listener.listen(0, '127.0.0.1');
  }

  /** A socket the test got some other way (one the listener accepted), destroyed with the rest. */
  track(socket: net.Socket): void {
    this.sockets.push(socket);
  }

  async connect(port: number): Promise<LineClient> {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    this.track(socket);
    let buffer = '';
    const waiters: (() => void)[] = [];
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (const wake of waiters.splice(0)) wake();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const next = async (): Promise<string> => {
      for (;;) {
        const end = buffer.indexOf('\r\n');
        if (end !== -1) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return line;
        }
        if (socket.destroyed) throw new Error('closed');
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const reply = async (): Promise<string> => {
      for (;;) {
        const line = await next();
        if (/^\d{3} /.test(line)) return line;
      }
    };
    return { socket, next, reply, closed, write: (text: string) => socket.write(text) };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.splice(0)) socket.destroy();
    await this.listener?.close();
    this.listener = undefined;
  }
}
