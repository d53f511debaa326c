import type net from 'node:net';
import { ImapService } from '../imap/service.js';
import { Pop3Service } from '../pop3/index.js';
import type { Protocol, WireListener } from '../protocol/transcript.js';
import type { ServerProfile } from '../providers/profile.js';
import type { Clock } from '../sim/clock.js';
import { SmtpService } from '../smtp/service.js';
import type { MailStore } from '../store/store.js';
import { TrackedListener } from './listener.js';

export const DEFAULT_HOST = '127.0.0.1';

export type ServerProtocol = Protocol;

export interface MailServerOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Interface to bind. Default 127.0.0.1: the server has no TLS and takes plaintext passwords. */
  readonly host?: string;
  /** Port per protocol: 0 picks a free port (the default), false leaves the protocol off. */
  readonly ports?: Partial<Record<ServerProtocol, number | false>>;
  /** Every line in and out of every connection, secrets masked. */
  readonly onWire?: WireListener;
  /** What IMAP offers: the server profile (default standard) and changes on top of it. */
  readonly imap?: { readonly profile?: ServerProfile; readonly capabilities?: readonly string[] };
}

export type ServerPorts = Partial<Record<ServerProtocol, number>>;

/** What a protocol service offers the server: take over a socket, say goodbye at shutdown. */
interface Service {
  accept(socket: net.Socket): void;
  farewell(socket: net.Socket): void;
}

/** The embedded server: IMAP, POP3 and SMTP over one store, on real TCP. */
export class MailServer {
  private constructor(
    readonly host: string,
    readonly ports: ServerPorts,
    private readonly running: { listener: TrackedListener; service: Service }[],
  ) {}

  static async start(options: MailServerOptions): Promise<MailServer> {
    const host = options.host ?? DEFAULT_HOST;
    const wire = options.onWire ? { onWire: options.onWire } : {};
    const factories: Record<ServerProtocol, () => Service> = {
      imap: () => new ImapService({ store: options.store, clock: options.clock, ...options.imap, ...wire }),
      pop3: () => new Pop3Service({ store: options.store, clock: options.clock, ...wire }),
      smtp: () => new SmtpService({ store: options.store, clock: options.clock, ...wire }),
    };
    const running: { listener: TrackedListener; service: Service }[] = [];
    const ports: ServerPorts = {};
    try {
      for (const protocol of Object.keys(factories) as ServerProtocol[]) {
        const port = options.ports?.[protocol] ?? 0;
        if (port === false) continue;
        const service = factories[protocol]();
        const listener = new TrackedListener((socket) => service.accept(socket));
        ports[protocol] = await listener.listen(port, host);
        running.push({ listener, service });
      }
    } catch (error) {
      await Promise.all(running.map(({ listener }) => listener.close()));
      throw error;
    }
    return new MailServer(host, ports, running);
  }

  /** Says goodbye on every connection, closes them and stops listening. */
  async close(): Promise<void> {
    await Promise.all(this.running.map(({ listener, service }) => listener.close((socket) => service.farewell(socket))));
  }
}
