import type net from 'node:net';
import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { MailStore } from '../store/store.js';
import { ImapConnection } from './connection.js';
import { MAX_CONNECTIONS } from './limits.js';
import { untaggedStatus } from './syntax/index.js';

export interface ImapServiceOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Host name in the greeting. Default "mailsim.test". */
  readonly hostname?: string;
  /** Every line in and out, LOGIN and AUTHENTICATE secrets masked, literals summarized. */
  readonly onWire?: WireListener;
  readonly onInternalError?: (error: unknown) => void;
}

/** The IMAP side of the server: one ImapConnection per accepted socket. */
export class ImapService {
  private readonly connections = new Map<net.Socket, ImapConnection>();
  private nextId = 1;

  constructor(private readonly options: ImapServiceOptions) {}

  accept(socket: net.Socket): void {
    if (this.connections.size >= MAX_CONNECTIONS) {
      socket.end(untaggedStatus('BYE', 'Too many connections; try again later'));
      return;
    }
    const connection = new ImapConnection(socket, {
      id: this.nextId++,
      store: this.options.store,
      clock: this.options.clock,
      hostname: this.options.hostname ?? 'mailsim.test',
      ...(this.options.onWire ? { onWire: this.options.onWire } : {}),
      ...(this.options.onInternalError ? { onInternalError: this.options.onInternalError } : {}),
    });
    this.connections.set(socket, connection);
    socket.once('close', () => this.connections.delete(socket));
    connection.start();
  }

  farewell(socket: net.Socket): void {
    this.connections.get(socket)?.farewell();
  }
}
