import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Clock } from '../sim/clock.js';
import { DEFAULT_DOMAIN, DELIVERY_EHLO_NAME } from './users.js';

/** A message for RunningServer.deliver(). */
export interface DeliverOptions {
  /** Default "sender@mailsim.test". With `raw`, only the SMTP envelope sender. */
  readonly from?: string;
  /** Recipients: addresses, or bare names of existing accounts (or name@mailsim.test). */
  readonly to: string | readonly string[];
  /** Default: no Subject header (clients show "(no subject)"). */
  readonly subject?: string;
  /** Plain-text body. Default empty. */
  readonly text?: string;
  /** A complete RFC 5322 message, sent as is; `subject` and `text` are then ignored. */
  readonly raw?: string | Buffer;
}

/** What the server's SMTP listener accepted. */
export interface Delivery {
  /** The Message-ID header of the message sent. */
  readonly messageId: string;
  /** Recipient addresses the server accepted. */
  readonly accepted: readonly string[];
}

/** The sender address used when a delivery names none. */
export const DEFAULT_SENDER = `sender@${DEFAULT_DOMAIN}`;

/**
 * The nodemailer transport every in-process delivery uses (the scenario runner's and the library's):
 * plain SMTP to our own listener, fixed EHLO name, never reading files or URLs named in a message.
 */
export function deliveryTransport(host: string, port: number, ehloName: string = DELIVERY_EHLO_NAME): Transporter<SMTPTransport.SentMessageInfo> {
  const transport = nodemailer.createTransport({
    host,
    port,
    // One connection reused for every delivery: a connection, its greeting and EHLO would
    // otherwise be paid on every message.
    pool: true,
    maxConnections: 1,
    secure: false,
    ignoreTLS: true,
    name: ehloName,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  // The pool reports a pooled connection that fails while idle (the server closed it) as an
  // 'error' on the transport; each sendMail still rejects on its own failure.
  transport.on('error', () => undefined);
  return transport;
}

/**
 * Delivers over real SMTP to the server's own listener, so a helper delivery goes through the same
 * path (RCPT checks, Received headers, size limit) as mail from a real client.
 */
export class SmtpDelivery {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    host: string,
    port: number,
    private readonly clock: Clock,
  ) {
    this.transport = deliveryTransport(host, port, DELIVERY_EHLO_NAME);
  }

  async send(message: DeliverOptions): Promise<Delivery> {
    const from = message.from ?? DEFAULT_SENDER;
    const to = typeof message.to === 'string' ? [message.to] : [...message.to];
    const info = await this.transport.sendMail(
      message.raw !== undefined
        ? { envelope: { from, to }, raw: message.raw }
        : {
            from,
            to,
            ...(message.subject === undefined ? {} : { subject: message.subject }),
            text: message.text ?? '',
            date: new Date(this.clock.now()),
          },
    );
    const address = (a: string | { address: string }): string => (typeof a === 'string' ? a : a.address);
    if (info.rejected.length > 0) {
      // nodemailer resolves when at least one recipient was accepted; a test helper should not.
      throw new Error(`the server refused ${info.rejected.map(address).join(', ')} (the others received the message)`);
    }
    return { messageId: info.messageId, accepted: info.accepted.map(address) };
  }

  close(): void {
    this.transport.close();
  }
}
