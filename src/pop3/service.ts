import type net from 'node:net';
import type tls from 'node:tls';
import { ConnectionGate, type ConnectionCaps } from '../protocol/connection-gate.js';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import { refuseConnection } from '../protocol/refuse.js';
import { sessionsUsage, type ProtocolUsage } from '../protocol/usage.js';
import type { Timers } from '../protocol/timers.js';
import type { Clock } from '../sim/clock.js';
import type { WireListener } from '../protocol/transcript.js';
import type { MailStore } from '../store/index.js';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS } from './limits.js';
import { MaildropLocks } from './locks.js';
import { Pop3Session } from './session.js';

export interface Pop3ServiceOptions {
  store: MailStore;
  clock: Clock;
  timers: Timers;
  /** Host name used in the greeting and APOP timestamp. Default "mailsim.test". */
  hostname?: string;
  /** Default MAX_CONNECTIONS in all, MAX_CONNECTIONS_PER_ADDRESS from one address. */
  caps?: ConnectionCaps;
  /** Failed-login delays per address; none means no delay. */
  throttle?: LoginThrottle;
  /** Every line in and out, secrets masked. */
  onWire?: WireListener;
  /** STLS on plaintext connections (RFC 2595 4), and whether logins wait for it. Default: no TLS. */
  tls?: { readonly context: tls.SecureContext; readonly required: boolean };
}

export const DEFAULT_HOSTNAME = 'mailsim.test';

export const DEFAULT_POP3_CAPS: ConnectionCaps = { total: MAX_CONNECTIONS, perAddress: MAX_CONNECTIONS_PER_ADDRESS };

/**
 * The POP3 server minus the listener: turns accepted sockets into sessions. Owns the connection
 * counter (transcript numbers and APOP timestamps) and the maildrop locks shared by its sessions.
 */
export class Pop3Service {
  private connections = 0;
  private readonly locks = new MaildropLocks();
  private readonly sessions = new Map<net.Socket, Pop3Session>();
  private readonly gate: ConnectionGate;
  /** Socket writes by every session so far: one per batch of replies (see Pop3Session.send). */
  private readonly stats = { socketWrites: 0 };

  constructor(private readonly options: Pop3ServiceOptions) {
    this.gate = new ConnectionGate(options.caps ?? DEFAULT_POP3_CAPS);
  }

  /** Takes over a freshly accepted socket: sends the greeting and runs a session on it. */
  accept(socket: net.Socket): void {
    const admission = this.gate.admit(socket.remoteAddress);
    if (!admission.admitted) {
      const from = admission.cap === 'perAddress' ? ' from your address' : '';
      // In place of the greeting (RFC 2449 8.1.2: SYS/TEMP, a temporary problem; try later).
      refuseConnection(socket, `-ERR [SYS/TEMP] too many connections${from}, try again later\r\n`);
      return;
    }
    socket.once('close', () => {
      this.sessions.delete(socket);
      admission.release();
    });
    const connection = ++this.connections;
    const hostname = this.options.hostname ?? DEFAULT_HOSTNAME;
    // RFC 1939 7 wants the timestamp unique per greeting: the connection counter guarantees that,
    // and the virtual clock keeps it reproducible from run to run.
    const timestamp = `<${connection}.${this.options.clock.now()}@${hostname}>`;
    const session = new Pop3Session(socket, connection, timestamp, {
      store: this.options.store,
      locks: this.locks,
      timers: this.options.timers,
      throttle: this.options.throttle,
      onWire: this.options.onWire,
      ...(this.options.tls ? { tls: this.options.tls } : {}),
      stats: this.stats,
    });
    this.sessions.set(socket, session);
    session.start();
  }

  /**
   * Server shutdown. POP3 has no unsolicited response (RFC 1939 has nothing like IMAP's BYE), and
   * an unexpected line would be read as the answer to the client's next command. So we write
   * nothing: the session stops reading, leaves without UPDATE (nothing deleted, lock released),
   * and the listener closes the socket; clients see the connection close.
   */
  farewell(socket: net.Socket): void {
    this.sessions.get(socket)?.shutdown();
  }

  /** What the POP3 side holds right now, over all its connections. */
  usage(): ProtocolUsage {
    return { connections: this.sessions.size, ...sessionsUsage(this.sessions), socketWrites: this.stats.socketWrites };
  }
}

