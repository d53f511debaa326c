import type net from 'node:net';
import type { Clock } from '../sim/clock.js';
import type { WireListener } from '../protocol/transcript.js';
import type { MailStore } from '../store/index.js';
import { MaildropLocks } from './locks.js';
import { Pop3Session } from './session.js';

export interface Pop3ServiceOptions {
  store: MailStore;
  clock: Clock;
  /** Host name used in the greeting and APOP timestamp. Default "mailsim.test". */
  hostname?: string;
  /** Every line in and out, secrets masked. */
  onWire?: WireListener;
}

export const DEFAULT_HOSTNAME = 'mailsim.test';

/**
 * The POP3 server minus the listener: turns accepted sockets into sessions. Owns the connection
 * counter (transcript numbers and APOP timestamps) and the maildrop locks shared by its sessions.
 */
export class Pop3Service {
  private connections = 0;
  private readonly locks = new MaildropLocks();
  private readonly sessions = new WeakMap<net.Socket, Pop3Session>();

  constructor(private readonly options: Pop3ServiceOptions) {}

  /** Takes over a freshly accepted socket: sends the greeting and runs a session on it. */
  accept(socket: net.Socket): void {
    const connection = ++this.connections;
    const hostname = this.options.hostname ?? DEFAULT_HOSTNAME;
    // RFC 1939 7 wants the timestamp unique per greeting: the connection counter guarantees that,
    // and the virtual clock keeps it reproducible from run to run.
    const timestamp = `<${connection}.${this.options.clock.now()}@${hostname}>`;
    const session = new Pop3Session(socket, connection, timestamp, {
      store: this.options.store,
      locks: this.locks,
      onWire: this.options.onWire,
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
}
