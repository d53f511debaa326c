import type net from 'node:net';
import type tls from 'node:tls';
import { ImapService, type ImapUsage } from '../imap/service.js';
import type { ProtocolUsage } from '../protocol/usage.js';
import type { ConnectionCaps } from '../protocol/connection-gate.js';
import { LoginThrottle, type LoginThrottleOptions } from '../protocol/login-throttle.js';
import type { Timers } from '../protocol/timers.js';
import { Pop3Service } from '../pop3/index.js';
import type { Protocol, TranscriptSink, WireEvent, WireListener } from '../protocol/transcript.js';
import type { ServerProfile } from '../providers/profile.js';
import type { Clock } from '../sim/clock.js';
import { SmtpService } from '../smtp/service.js';
import type { MailStore } from '../store/store.js';
import type { TlsIdentity } from '../tls/certificate.js';
import { secureContextOf, serverHandshake } from '../tls/handshake.js';
import { LISTENER_ORDER, LISTENERS, type Listener } from './endpoints.js';
import { TrackedListener } from './listener.js';
import { SYSTEM_TIMERS } from './timers.js';

export const DEFAULT_HOST = '127.0.0.1';

export type ServerProtocol = Protocol;

/** TLS for the server: the certificate it presents, and whether plaintext logins are refused. */
export interface ServerTls {
  readonly identity: TlsIdentity;
  /**
   * Refuse logins until the connection is encrypted: IMAP advertises LOGINDISABLED before STARTTLS
   * (RFC 3501 6.2.3), POP3 refuses USER/PASS before STLS (RFC 2595 4), SMTP refuses AUTH before
   * STARTTLS (RFC 3207 4). Default false: plaintext logins stay allowed, as on a test server.
   */
  readonly required?: boolean;
}

export interface MailServerOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Interface to bind. Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Port per listener: 0 picks a free port (the default), false leaves it off. The implicit-TLS
   * listeners (imaps, pop3s, smtps) start only with `tls`.
   */
  readonly ports?: Partial<Record<Listener, number | false>>;
  /** Turns on STARTTLS/STLS on the plain ports and the implicit-TLS listeners. Default: no TLS. */
  readonly tls?: ServerTls;
  /** Every line in and out of every connection, secrets masked, as it happens. */
  readonly onWire?: WireListener;
  /** Keeps every connection's transcript (startServer's transcripts()). */
  readonly transcripts?: TranscriptSink;
  /** What IMAP offers: the server profile (default standard) and changes on top of it. */
  readonly imap?: { readonly profile?: ServerProfile; readonly capabilities?: readonly string[] };
  /** Timeouts and delays of the protocol sessions. Default the real ones; tests pass their own. */
  readonly timers?: Timers;
  /** Connection caps per protocol (defaults in each protocol's limits.ts). */
  readonly caps?: Partial<Record<ServerProtocol, ConnectionCaps>>;
  /** Failed-login delays per remote address, shared by the protocols; off when absent. */
  readonly loginThrottle?: LoginThrottleOptions;
}

export type { ProtocolUsage };

/** What the server holds right now, per protocol that is on (see RunningServer.usage()). */
export interface ServerUsage {
  /** IMAP adds the literal octets reserved and the mailbox changes waiting to be told. */
  readonly imap?: ImapUsage;
  readonly pop3?: ProtocolUsage;
  readonly smtp?: ProtocolUsage;
}

export type ServerPorts = Partial<Record<Listener, number>>;

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

/** The embedded server: IMAP, POP3 and SMTP over one store, on real TCP, with TLS when asked. */
export class MailServer {
  private constructor(
    readonly host: string,
    readonly ports: ServerPorts,
    private readonly running: { listener: TrackedListener; farewell: (socket: net.Socket) => void }[],
    private readonly services: Services,
  ) {}

  static async start(options: MailServerOptions): Promise<MailServer> {
    const host = options.host ?? DEFAULT_HOST;
    const { onWire, transcripts } = options;
    // POP3 and SMTP hand both the same lines; IMAP gives the transcripts its responses unsplit.
    const lines: WireListener | undefined = transcripts
      ? (event: WireEvent) => {
          transcripts.record(event);
          onWire?.(event);
        }
      : onWire;
    const wire = lines ? { onWire: lines } : {};
    const imapWire = { ...(onWire ? { onWire } : {}), ...(transcripts ? { transcripts } : {}) };
    const timers = options.timers ?? SYSTEM_TIMERS;
    const throttle = options.loginThrottle ? { throttle: new LoginThrottle(options.clock, options.loginThrottle) } : {};
    const caps = (protocol: ServerProtocol) => (options.caps?.[protocol] ? { caps: options.caps[protocol] } : {});
    const common = { store: options.store, clock: options.clock, timers, ...throttle };
    const context = options.tls ? secureContextOf(options.tls.identity) : undefined;
    // STARTTLS on the plain ports: the services upgrade the socket themselves.
    const startTls = context ? { tls: { context, required: options.tls?.required ?? false } } : {};
    // One service per protocol serves its plain and its implicit-TLS listener, so connection
    // numbers (transcripts, APOP timestamps) and connection caps are per protocol; a service
    // tells the two kinds of socket apart by `encrypted`.
    const services: Services = {};
    const factories: Record<ServerProtocol, () => Service> = {
      imap: () => (services.imap ??= new ImapService({ ...common, ...imapWire, ...options.imap, ...caps('imap'), ...startTls })),
      pop3: () => (services.pop3 ??= new Pop3Service({ ...common, ...wire, ...caps('pop3'), ...startTls })),
      smtp: () => (services.smtp ??= new SmtpService({ ...common, ...wire, ...caps('smtp'), ...startTls })),
    };
    const running: { listener: TrackedListener; farewell: (socket: net.Socket) => void }[] = [];
    const ports: ServerPorts = {};
    try {
      for (const name of LISTENER_ORDER) {
        const { protocol, implicitTls: tlsFirst } = LISTENERS[name];
        const port = options.ports?.[name] ?? 0;
        if (port === false || (tlsFirst && !context)) continue;
        const service = factories[protocol]();
        const entry = tlsFirst && context ? implicitTls(service, context) : { accept: (s: net.Socket) => service.accept(s), farewell: (s: net.Socket) => service.farewell(s) };
        const listener = new TrackedListener(entry.accept);
        ports[name] = await listener.listen(port, host);
        running.push({ listener, farewell: entry.farewell });
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
      ...(smtp ? { smtp: smtp.usage() } : {}),
    };
  }

  /**
   * Holds news for idling IMAP sessions until the returned function is called, when each is told
   * what changed meanwhile at once. For a scenario step whose messages all arrive at one virtual
   * instant (imap/idle-news.ts); without an IMAP listener there is nothing to hold.
   */
  holdIdleNews(): () => void {
    return this.services.imap?.holdIdleNews() ?? (() => undefined);
  }

  /** Says goodbye on every connection, closes them and stops listening. */
  async close(): Promise<void> {
    await Promise.all(this.running.map(({ listener, farewell }) => listener.close(farewell)));
  }
}

/**
 * An implicit-TLS listener (RFC 8314 3.2): the handshake runs first and the service gets the TLS
 * socket; a failed handshake ends there, without the service ever seeing it. At shutdown the
 * service says goodbye on the TLS socket, which then sends its close_notify.
 */
function implicitTls(service: Service, context: tls.SecureContext): { accept(socket: net.Socket): void; farewell(socket: net.Socket): void } {
  const secured = new WeakMap<net.Socket, tls.TLSSocket>();
  return {
    accept(socket) {
      serverHandshake(socket, context, (secure) => {
        secured.set(socket, secure);
        service.accept(secure);
      });
    },
    farewell(socket) {
      const secure = secured.get(socket);
      if (!secure) return;
      service.farewell(secure);
      secure.end();
    },
  };
}
