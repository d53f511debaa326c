import type { OutgoingMail } from './device.js';
import type { Security } from './settings.js';
import { trustContext } from '../tls/trust.js';

export interface SubmissionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** EHLO name: fixed per device, so Received headers are the same on every machine. */
  readonly name: string;
  /** SSL/TLS (port is the submissions one, 465), STARTTLS (required, 587), or plaintext. */
  readonly security?: Security;
  /** The server's certificate, trusted as a user who accepted it would. */
  readonly ca?: string;
}

/** What the server did with a submitted message, recipient by recipient. */
export interface SubmissionResult {
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

/**
 * Submits one message over SMTP with AUTH, as a mail client sends (RFC 6409 submission): one
 * connection per message, closed afterwards. Recipients the server refuses come back in
 * `rejected` rather than as an error, so the device can say who did not get it.
 */
export async function submit(mail: OutgoingMail, options: SubmissionOptions): Promise<SubmissionResult> {
  // Loaded by the first message a device sends: most scenarios send none, and nodemailer's
  // transports are ~5 ms of a run's start-up (the scenarios' own messages are composed with its
  // MailComposer alone, scenario/compose.ts).
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.security === 'tls',
    ...(options.security === 'starttls' ? { requireTLS: true } : options.security === 'tls' ? {} : { ignoreTLS: true }),
    ...(options.ca === undefined ? {} : { tls: { secureContext: trustContext(options.ca) } }),
    name: options.name,
    auth: { user: options.user, pass: options.password },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({ envelope: { from: options.user, to: [...mail.recipients] }, raw: mail.raw });
    const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String((v as { address?: string }).address ?? v))) : []);
    return { accepted: list(info.accepted), rejected: list(info.rejected) };
  } finally {
    transport.close();
  }
}
