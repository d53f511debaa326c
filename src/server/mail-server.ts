import type net from 'node:net';
import { Pop3Service } from '../pop3/index.js';
import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { MailStore } from '../store/store.js';
import { TrackedListener } from './listener.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface MailServerOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Interface to bind. Default 127.0.0.1: the server has no TLS and takes plaintext passwords. */
  readonly host?: string;
  /** Port per protocol: 0 picks a free port (the default), false leaves the protocol off. */
  readonly ports?: { readonly pop3?: number | false };
  /** Every line in and out of every connection, secrets masked. */
  readonly onWire?: WireListener;
}

export interface ServerPorts {
  readonly pop3?: number;
}

/** The embedded server: POP3 (and, as they land, IMAP and SMTP) over one store. */
export class MailServer {
  private constructor(
    readonly host: string,
    readonly ports: ServerPorts,
    private readonly listeners: { listener: TrackedListener; farewell: (socket: net.Socket) => void }[],
  ) {}

  static async start(options: MailServerOptions): Promise<MailServer> {
    const host = options.host ?? DEFAULT_HOST;
    const started: { listener: TrackedListener; farewell: (socket: net.Socket) => void }[] = [];
    const ports: { pop3?: number } = {};
    try {
      const pop3Port = options.ports?.pop3 ?? 0;
      if (pop3Port !== false) {
        const pop3 = new Pop3Service({ store: options.store, clock: options.clock, ...(options.onWire ? { onWire: options.onWire } : {}) });
        const listener = new TrackedListener((socket) => pop3.accept(socket));
        ports.pop3 = await listener.listen(pop3Port, host);
        started.push({ listener, farewell: (socket) => pop3.farewell(socket) });
      }
    } catch (error) {
      await Promise.all(started.map(({ listener }) => listener.close()));
      throw error;
    }
    return new MailServer(host, ports, started);
  }

  /** Says goodbye on every connection, closes them and stops listening. */
  async close(): Promise<void> {
    await Promise.all(this.listeners.map(({ listener, farewell }) => listener.close(farewell)));
  }
}
