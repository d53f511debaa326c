import type net from 'node:net';
import { ImapService, type ImapUsage } from '../imap/service.js';
import type { ConnectionCaps } from '../protocol/connection-gate.js';
import { LoginThrottle, type LoginThrottleOptions } from '../protocol/login-throttle.js';
import type { Timers } from '../protocol/timers.js';
import { Pop3Service } from '../pop3/index.js';
import type { Protocol, WireListener } from '../protocol/transcript.js';
import type { ServerProfile } from '../providers/profile.js';
import type { Clock } from '../sim/clock.js';
import { SmtpService } from '../smtp/service.js';
import type { MailStore } from '../store/store.js';
import { TrackedListener } from './listener.js';
import { SYSTEM_TIMERS } from './timers.js';

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
  /** Timeouts and delays of the protocol sessions. Default the real ones; tests pass their own. */
  readonly timers?: Timers;
  /** Connection caps per protocol (defaults in each protocol's limits.ts). */
  readonly caps?: Partial<Record<ServerProtocol, ConnectionCaps>>;
  /** Failed-login delays per remote address, shared by the protocols; off when absent. */
  readonly loginThrottle?: LoginThrottleOptions;
}

/** What one protocol's connections hold right now, in all. */
export interface ProtocolUsage {
  readonly connections: number;
  /** Received octets not yet handled: framing buffers and literals being received. */
  readonly bufferedInputBytes: number;
  /** Response octets written but not yet taken by the peers (socket buffers). */
  readonly queuedOutputBytes: number;
}

/** What the server holds right now, per protocol that is on (see RunningServer.usage()). */
export interface ServerUsage {
  /** IMAP adds the literal octets reserved and the mailbox changes waiting to be told. */
  readonly imap?: ImapUsage;
  readonly pop3?: ProtocolUsage;
  /** SMTP reports its connections only: smtp-server keeps its buffers to itself. */
  readonly smtp?: Pick<ProtocolUsage, 'connections'>;
}

export type ServerPorts = Partial<Record<ServerProtocol, number>>;

/** What a protocol service offers the server: take over a socket, say goodbye at shutdown. */
interface Service {
  accept(socket: net.Socket): void;
  farewell(socket: net.Socket): void;
}

interface Services {
  imap?: ImapService;
  pop3?: Pop3Service;
  smtp?: SmtpService;
}

/** The embedded server: IMAP, POP3 and SMTP over one store, on real TCP. */
export class MailServer {
  private constructor(
    readonly host: string,
    readonly ports: ServerPorts,
    private readonly running: { listener: TrackedListener; service: Service }[],
    private readonly services: Services,
  ) {}

  static async start(options: MailServerOptions): Promise<MailServer> {
    const host = options.host ?? DEFAULT_HOST;
    const wire = options.onWire ? { onWire: options.onWire } : {};
    const timers = options.timers ?? SYSTEM_TIMERS;
    const throttle = options.loginThrottle ? { throttle: new LoginThrottle(options.clock, options.loginThrottle) } : {};
    const caps = (protocol: ServerProtocol) => (options.caps?.[protocol] ? { caps: options.caps[protocol] } : {});
    const common = { store: options.store, clock: options.clock, timers, ...throttle, ...wire };
    const services: Services = {};
    const factories: Record<ServerProtocol, () => Service> = {
      imap: () => (services.imap = new ImapService({ ...common, ...options.imap, ...caps('imap') })),
      pop3: () => (services.pop3 = new Pop3Service({ ...common, ...caps('pop3') })),
      smtp: () => (services.smtp = new SmtpService({ ...common, ...caps('smtp') })),
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
    return new MailServer(host, ports, running, services);
  }

  usage(): ServerUsage {
    const { imap, pop3, smtp } = this.services;
    return {
      ...(imap ? { imap: imap.usage() } : {}),
      ...(pop3 ? { pop3: pop3.usage() } : {}),
      ...(smtp ? { smtp: { connections: smtp.connections } } : {}),
    };
  }

  /** Says goodbye on every connection, closes them and stops listening. */
  async close(): Promise<void> {
    await Promise.all(this.running.map(({ listener, service }) => listener.close((socket) => service.farewell(socket))));
  }
}
