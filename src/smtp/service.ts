import type net from 'node:net';
import type tls from 'node:tls';
import { ConnectionGate, type ConnectionCaps } from '../protocol/connection-gate.js';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import { refuseConnection } from '../protocol/refuse.js';
import { sessionsUsage, type ProtocolUsage } from '../protocol/usage.js';
import type { Timers } from '../protocol/timers.js';
import type { WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import type { Account } from '../store/account.js';
import type { MailStore } from '../store/store.js';
import { OctetBudget } from '../protocol/octet-budget.js';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_MESSAGE_SIZE, MAX_RECEIVING_OCTETS } from './limits.js';
import { formatRfc5322Date } from './rfc5322-date.js';
import { reply, type SmtpReply } from './reply.js';
import { SmtpSession, type SessionFacts, type SmtpHost } from './session.js';

export { MAX_MESSAGE_SIZE, MAX_RECIPIENTS } from './limits.js';

export const DEFAULT_SMTP_CAPS: ConnectionCaps = { total: MAX_CONNECTIONS, perAddress: MAX_CONNECTIONS_PER_ADDRESS };

export interface SmtpServiceOptions {
  readonly store: MailStore;
  readonly clock: Clock;
  /** Name in the greeting and Received headers. Default "mailsim.test". */
  readonly hostname?: string;
  readonly maxMessageSize?: number;
  /** Message octets all connections may hold while receiving. Default MAX_RECEIVING_OCTETS. */
  readonly maxReceivingOctets?: number;
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
  readonly tls?: { readonly context: tls.SecureContext; readonly required: boolean };
}

/**
 * SMTP ingress (RFC 5321), our own server (session.ts): mail for known accounts lands in their
 * INBOX with Return-Path and Received headers and an internal date from the clock; unknown
 * recipients get 550 unless the client authenticated (a submission, whose outside recipients are
 * accepted and go no further); messages over the size limit get 552. AUTH is optional (PLAIN,
 * LOGIN). One service serves the plain port (with STARTTLS) and the implicit-TLS one (465).
 */
export class SmtpService implements SmtpHost {
  private readonly gate: ConnectionGate;
  private readonly sessions = new Map<net.Socket, SmtpSession>();
  private connectionCount = 0;
  /** Socket writes by every session so far: one per batch of replies (SmtpSession.writeOut). */
  private readonly stats = { socketWrites: 0 };
  /** Message octets being received by all sessions at once. */
  private readonly receiving: OctetBudget;
  readonly hostname: string;
  readonly maxMessageSize: number;

  constructor(private readonly options: SmtpServiceOptions) {
    this.hostname = options.hostname ?? 'mailsim.test';
    this.maxMessageSize = options.maxMessageSize ?? MAX_MESSAGE_SIZE;
    this.gate = new ConnectionGate(options.caps ?? DEFAULT_SMTP_CAPS);
    this.receiving = new OctetBudget(options.maxReceivingOctets ?? MAX_RECEIVING_OCTETS);
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
    socket.once('close', () => {
      this.sessions.delete(socket);
      admission.release();
    });
    const session = new SmtpSession(socket, ++this.connectionCount, {
      host: this,
      timers: this.options.timers,
      throttle: this.options.throttle,
      onWire: this.options.onWire,
      ...(this.options.tls ? { tls: this.options.tls } : {}),
      stats: this.stats,
      receiving: this.receiving,
    });
    this.sessions.set(socket, session);
    session.start();
  }

  /** Open connections. */
  get connections(): number {
    return this.gate.count;
  }

  /** What the SMTP side holds right now, over all its connections (RunningServer.usage()). */
  usage(): ProtocolUsage {
    return { connections: this.gate.count, ...sessionsUsage(this.sessions), socketWrites: this.stats.socketWrites };
  }

  authenticate(user: string, password: string): string | undefined {
    return this.options.store.authenticate(user, password)?.address;
  }

  refuseRecipient(address: string, authenticated: boolean): SmtpReply | undefined {
    // An authenticated client is a user submitting mail (RFC 6409): mail for addresses outside
    // this server is accepted as a submission server would relay it, and simply goes no
    // further here. Without AUTH this is the last hop, and unknown users are refused.
    if (this.recipient(address) || authenticated) return undefined;
    return reply(550, '5.1.1', `<${address}>: no such user here`);
  }

  /** Files the message in each recipient's INBOX (and in Sent, for a provider that does that). */
  deliver(from: string, recipients: readonly string[], body: Buffer, facts: SessionFacts): string {
    const now = this.options.clock.now();
    const delivered: string[] = [];
    for (const address of recipients) {
      const account = this.recipient(address);
      // Two addresses of one account (postmaster and its own, say) are one mailbox: one copy.
      if (!account || delivered.includes(account.address)) continue;
      const trace =
        `Return-Path: <${from}>\r\n` +
        `Received: from ${facts.heloName} (${facts.remoteAddress})\r\n` +
        `\tby ${this.hostname} (mailsim) with ${facts.transmissionType} id ${facts.connection}.${delivered.length + 1}\r\n` +
        `\tfor <${address}>; ${formatRfc5322Date(now)}\r\n`;
      account.inbox.append(Buffer.concat([Buffer.from(trace), body]), { label: 'smtp' }, { internalDate: now });
      delivered.push(account.address);
    }
    this.fileSent(facts.user, body, now);
    return delivered.length === 0 ? 'Accepted for relaying' : `Delivered to ${delivered.join(', ')}`;
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

  /** Server shutdown: RFC 5321 3.8, a 421 tells the client the service is closing. */
  farewell(socket: net.Socket): void {
    this.sessions.get(socket)?.shutdown();
  }

  /**
   * A provider that files submitted mail in Sent itself (Gmail, Outlook.com: the profile's
   * `savesSent`) gets the message as the client submitted it, read, in its \Sent folder.
   */
  private fileSent(user: string | undefined, body: Buffer, now: number): void {
    const account = user === undefined ? undefined : this.options.store.account(user);
    if (!account?.profile?.savesSent) return;
    const origin = { label: 'smtp' };
    if (account.rules?.sent) return account.rules.sent(body, now, origin);
    account.folderFor('\\Sent')?.append(body, origin, { flags: ['\\Seen'], internalDate: now });
  }
}
