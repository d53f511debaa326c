import type net from 'node:net';
import type tls from 'node:tls';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { ConnectionGate, type ConnectionCaps } from '../protocol/connection-gate.js';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import { refuseConnection } from '../protocol/refuse.js';
import type { Timers } from '../protocol/timers.js';
import { MASK, octetsSummary, type WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { Account } from '../store/account.js';
import type { MailStore } from '../store/store.js';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_MESSAGE_SIZE, MAX_RECIPIENTS } from './limits.js';
import { formatRfc5322Date } from './rfc5322-date.js';

export { MAX_MESSAGE_SIZE, MAX_RECIPIENTS } from './limits.js';

export const DEFAULT_SMTP_CAPS: ConnectionCaps = { total: MAX_CONNECTIONS, perAddress: MAX_CONNECTIONS_PER_ADDRESS };

export interface SmtpServiceOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Name in the greeting and Received headers. Default "mailsim.test". */
  readonly hostname?: string;
  readonly maxMessageSize?: number;
  readonly timers: Timers;
  /** Default MAX_CONNECTIONS in all, MAX_CONNECTIONS_PER_ADDRESS from one address. */
  readonly caps?: ConnectionCaps;
  /** Failed-AUTH delays per address; none means no delay. */
  readonly throttle?: LoginThrottle;
  readonly onWire?: WireListener;
  /**
   * STARTTLS (RFC 3207) on plaintext connections and implicit TLS for sockets that arrive
   * encrypted (submissions, RFC 8314). `required`: AUTH waits for TLS. Default: no TLS.
   */
  readonly tls?: { readonly cert: string; readonly key: string; readonly required: boolean };
}

type SmtpError = Error & { responseCode?: number };

function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The parts of smtp-server's internals `accept` uses (stable across 3.x; test/smtp catches a change). */
interface InternalSmtpServer {
  connect(socket: net.Socket, options: { id: string }): void;
  readonly connections: Set<{ readonly _socket: net.Socket; connectionReady(): void }>;
}

/**
 * smtp-server waits 100 ms before its 220 greeting, to catch spammers that talk first. Every
 * client here is a simulated device or a test on 127.0.0.1, and a scenario opens one SMTP
 * connection per variant, so that wait was most of a short run's wall time. Greet at once: run
 * the connection's ready step now and make the timer's later call a no-op. A connection refused
 * for maxClients is already closed and no longer listed, so it is left alone.
 */
function greetAtOnce(server: InternalSmtpServer, socket: net.Socket): void {
  for (const connection of server.connections) {
    if (connection._socket !== socket) continue;
    const ready = connection.connectionReady.bind(connection);
    connection.connectionReady = () => undefined;
    ready();
    return;
  }
}

/**
 * smtp-server writes every reply with a `socket.write` of its own, so a pipelined MAIL, RCPT,
 * DATA (RFC 2920) was answered in three writes: three system calls, and often three segments for
 * the client to read. Corked from its first write in a turn of the event loop to the end of that
 * turn, the socket hands everything the turn wrote to the kernel at once, as IMAP and POP3 replies
 * go out (protocol/output-batch.ts). Nothing is held longer than the turn: `end()` uncorks at
 * once, and a reply written in a later turn (after the store took a message) corks afresh. A
 * socket smtp-server swaps for TLS (STARTTLS) is written unbatched, as before.
 */
export function writeOncePerTurn(socket: net.Socket): void {
  const write = socket.write;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>): boolean {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write.apply(this, args);
  } as net.Socket['write'];
}

/**
 * SMTP ingress on smtp-server: mail for known accounts lands in their INBOX with Return-Path and
 * Received headers and an internal date from the clock; unknown recipients get 550 unless the
 * client authenticated (a submission, whose outside recipients are accepted and go no further);
 * messages over the size limit get 552. AUTH is optional (PLAIN, LOGIN).
 */
export class SmtpService {
  private readonly server: SMTPServer;
  private readonly gate: ConnectionGate;
  /**
   * For sockets already encrypted (465): smtp-server takes `secure` per server, not per socket.
   * Made at the first such socket: an SMTPServer builds a TLS context of its own when it is made
   * (about 1 ms), and a run whose devices never connect to 465 would build it for nothing.
   */
  private secureServer?: SMTPServer;
  private readonly secureOptions?: SMTPServerOptions;
  private connectionCount = 0;
  private readonly hostname: string;
  private readonly maxMessageSize: number;

  constructor(private readonly options: SmtpServiceOptions) {
    this.hostname = options.hostname ?? 'mailsim.test';
    this.maxMessageSize = options.maxMessageSize ?? MAX_MESSAGE_SIZE;
    this.gate = new ConnectionGate(options.caps ?? DEFAULT_SMTP_CAPS);
    const tlsOptions = options.tls;
    const common: SMTPServerOptions = {
      name: this.hostname,
      banner: 'mailsim ESMTP, relaying only for authenticated users',
      size: this.maxMessageSize,
      authOptional: true,
      // Plaintext AUTH is allowed (for clients that insist on logging in) unless TLS is required.
      allowInsecureAuth: !(tlsOptions?.required ?? false),
      authMethods: ['PLAIN', 'LOGIN'],
      ...(tlsOptions ? { key: tlsOptions.key, cert: tlsOptions.cert, minVersion: 'TLSv1.2' } : { disabledCommands: ['STARTTLS'], hideSTARTTLS: true }),
      // Our own gate counts connections before smtp-server sees them; this is its second line.
      maxClients: (options.caps ?? DEFAULT_SMTP_CAPS).total,
      // A reverse DNS lookup per connection costs ~100 ms and tells us nothing on 127.0.0.1.
      disableReverseLookup: true,
      logger: this.wireLogger(),
      onAuth: (auth, session, callback) => {
        const account = options.store.authenticate(auth.username ?? '', auth.password ?? '');
        if (account) return callback(null, { user: account.address });
        const failed = (): void => callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
        const delay = options.throttle?.failed(session.remoteAddress) ?? 0;
        if (delay > 0) options.timers.after(delay, failed);
        else failed();
      },
      onRcptTo: (address, session, callback) => {
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, `4.5.3 Too many recipients (at most ${MAX_RECIPIENTS})`));
        // An authenticated client is a user submitting mail (RFC 6409): mail for addresses outside
        // this server is accepted as a submission server would relay it, and simply goes no
        // further here. Without AUTH this is the last hop, and unknown users are refused.
        if (!this.recipient(address.address) && !session.user) return callback(smtpError(550, `5.1.1 <${address.address}>: no such user here`));
        callback();
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    };
    this.server = new SMTPServer(common);
    if (tlsOptions) this.secureOptions = { ...common, secure: true };
    // smtp-server re-emits a connection's socket errors here (a reset in the middle of a
    // transaction, say, or a failed STARTTLS handshake); with no listener, one such reset would
    // end the whole process.
    this.server.on('error', () => undefined);
  }

  /** Takes over an accepted socket (the MailServer owns the listener), within the connection caps. */
  accept(socket: net.Socket): void {
    const admission = this.gate.admit(socket.remoteAddress);
    if (!admission.admitted) {
      const from = admission.cap === 'perAddress' ? ' from your address' : '';
      // RFC 5321 3.1: a server that cannot serve now may answer the connection with 421 and close.
      refuseConnection(socket, `421 4.7.0 ${this.hostname} too many connections${from}, try again later\r\n`);
      return;
    }
    socket.once('close', () => admission.release());
    this.connectionCount++;
    const server = (socket as tls.TLSSocket).encrypted === true && this.secureOptions ? this.secureServerFor(this.secureOptions) : this.server;
    writeOncePerTurn(socket);
    server.connect(socket, { id: String(this.connectionCount) });
    greetAtOnce(server as unknown as InternalSmtpServer, socket);
  }

  private secureServerFor(options: SMTPServerOptions): SMTPServer {
    if (this.secureServer === undefined) {
      this.secureServer = new SMTPServer(options);
      // As for the plaintext server: a connection's socket errors are re-emitted here.
      this.secureServer.on('error', () => undefined);
    }
    return this.secureServer;
  }

  /** Open connections (RunningServer.usage()). */
  get connections(): number {
    return this.gate.count;
  }

  /**
   * The account a recipient address delivers to. RFC 5321 4.5.1: every SMTP server MUST accept
   * mail for "postmaster", bare or at any of its domains; with no account of that name, the first
   * account of that domain (by address) reads it, and for a bare "postmaster" the first account.
   */
  private recipient(address: string): Account | undefined {
    const direct = this.options.store.account(address);
    if (direct) return direct;
    const at = address.lastIndexOf('@');
    const local = (at === -1 ? address : address.slice(0, at)).toLowerCase();
    if (local !== 'postmaster') return undefined;
    const domain = at === -1 ? undefined : address.slice(at + 1).toLowerCase();
    return this.options.store.accounts().find((account) => domain === undefined || account.address.toLowerCase().endsWith(`@${domain}`));
  }

  /** Server shutdown: RFC 5321 4.2 code 421 tells the client the service is closing. */
  farewell(socket: net.Socket): void {
    socket.write(`421 4.3.2 ${this.hostname} shutting down\r\n`);
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = [];
    // A connection dropped mid-DATA ends the stream with an error: nothing is delivered.
    stream.on('error', () => chunks.splice(0));
    stream.on('data', (chunk: Buffer) => {
      // Past the limit smtp-server keeps reading but flags it; do not hold the excess in memory.
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 Message exceeds the size limit of ${this.maxMessageSize} octets`));
      const now = this.options.clock.now();
      const body = Buffer.concat(chunks);
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const delivered: string[] = [];
      for (const rcpt of session.envelope.rcptTo) {
        const account = this.recipient(rcpt.address);
        if (!account) continue;
        const trace =
          `Return-Path: <${from}>\r\n` +
          `Received: from ${session.hostNameAppearsAs || 'unknown'} (${session.remoteAddress})\r\n` +
          `\tby ${this.hostname} (mailsim) with ${session.transmissionType || 'SMTP'} id ${session.id}.${delivered.length + 1}\r\n` +
          `\tfor <${rcpt.address}>; ${formatRfc5322Date(now)}\r\n`;
        account.inbox.append(Buffer.concat([Buffer.from(trace), body]), { label: 'smtp' }, { internalDate: now });
        delivered.push(account.address);
      }
      this.fileSent(session, body, now);
      callback(null, `2.0.0 Delivered to ${delivered.join(', ')}`);
    });
  }

  /**
   * A provider that files submitted mail in Sent itself (Gmail, Outlook.com: the profile's
   * `savesSent`) gets the message as the client submitted it, read, in its \Sent folder.
   */
  private fileSent(session: SMTPServerSession, body: Buffer, now: number): void {
    const user = typeof session.user === 'string' ? session.user : undefined;
    const account = user === undefined ? undefined : this.options.store.account(user);
    if (!account?.profile?.savesSent) return;
    const origin = { label: 'smtp' };
    if (account.rules?.sent) return account.rules.sent(body, now, origin);
    account.folderFor('\\Sent')?.append(body, origin, { flags: ['\\Seen'], internalDate: now });
  }

  /** smtp-server logs each line as "C:"/"S:" debug entries; turn those into WireEvents. */
  private wireLogger(): SMTPServerOptions['logger'] {
    const onWire = this.options.onWire;
    const ignore = (): void => undefined;
    const debug = (meta: { tnx?: string; cid?: string }, format: string, ...args: unknown[]): void => {
      if (!onWire || !meta || (meta.tnx !== 'send' && meta.tnx !== 'command' && meta.tnx !== 'data')) return;
      const direction = format.startsWith('S:') ? 'S' : 'C';
      const text = meta.tnx === 'data' ? octetsSummary(Number(args[0])) : direction === 'C' ? maskedCommand(String(args[0] ?? '')) : String(args[0] ?? '');
      // A multi-line reply (EHLO) is logged as one entry; a transcript event is one line.
      for (const line of text.split(/\r?\n/)) if (line !== '') onWire({ protocol: 'smtp', connection: Number(meta.cid) || 0, direction, text: line });
    };
    return { info: ignore, debug, error: ignore, warn: ignore, trace: ignore, fatal: ignore, level: ignore };
  }
}

/**
 * A client line as the transcript shows it. smtp-server hides the argument of AUTH and every line
 * of an AUTH exchange ("/* secured *\/"), but finds the command by the text before the first
 * space, so " AUTH PLAIN <base64>" went through whole: we mask whatever starts with AUTH
 * however spaced, keeping the mechanism.
 */
function maskedCommand(line: string): string {
  if (line.includes('/* secured */')) return line.replace('/* secured */', MASK);
  const words = line.trim().split(/\s+/);
  if (words[0]?.toUpperCase() !== 'AUTH') return line;
  return words.length > 2 ? `${words[0]} ${words[1]} ${MASK}` : words.join(' ');
}
