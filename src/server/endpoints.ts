import type { Protocol } from '../protocol/transcript.js';

/**
 * The server's listeners: each protocol on its plain port (where STARTTLS/STLS upgrades it when
 * TLS is on) and on its implicit-TLS port (RFC 8314 3.2: the TLS handshake first, then the
 * protocol, as IMAPS, POP3S and SMTP submissions).
 */
export type Listener = 'imap' | 'pop3' | 'smtp' | 'imaps' | 'pop3s' | 'smtps';

export interface ListenerInfo {
  readonly protocol: Protocol;
  /** TLS from the first octet (993, 995, 465) rather than plaintext with an upgrade command. */
  readonly implicitTls: boolean;
  /** As a mail client's settings screen names it. */
  readonly label: string;
  /**
   * The port a real server uses for this, which a person types into a mail client: IANA's
   * assignments, with RFC 8314 7.3 for 465 (submissions) and RFC 6409 for 587 (submission).
   */
  readonly wellKnownPort: number;
  /** The upgrade command on the plain port (RFC 2595: STARTTLS for IMAP, STLS for POP3; RFC 3207). */
  readonly upgradeCommand?: string;
}

export const LISTENERS: Readonly<Record<Listener, ListenerInfo>> = {
  imap: { protocol: 'imap', implicitTls: false, label: 'IMAP', wellKnownPort: 143, upgradeCommand: 'STARTTLS' },
  pop3: { protocol: 'pop3', implicitTls: false, label: 'POP3', wellKnownPort: 110, upgradeCommand: 'STLS' },
  smtp: { protocol: 'smtp', implicitTls: false, label: 'SMTP', wellKnownPort: 587, upgradeCommand: 'STARTTLS' },
  imaps: { protocol: 'imap', implicitTls: true, label: 'IMAPS', wellKnownPort: 993 },
  pop3s: { protocol: 'pop3', implicitTls: true, label: 'POP3S', wellKnownPort: 995 },
  smtps: { protocol: 'smtp', implicitTls: true, label: 'SMTPS', wellKnownPort: 465 },
};

/** In the order the server starts them and tables list them. */
export const LISTENER_ORDER: readonly Listener[] = ['imap', 'pop3', 'smtp', 'imaps', 'pop3s', 'smtps'];

/** The implicit-TLS listener of a protocol. */
export const TLS_LISTENER: Readonly<Record<Protocol, Listener>> = { imap: 'imaps', pop3: 'pop3s', smtp: 'smtps' };
