import type { MessageBody } from './input.js';
import type { SmtpReply } from './reply.js';
import type { SmtpHost } from './session.js';

/** A mail transaction (RFC 5321 3.3): from MAIL to the end of its message, or RSET. */
export interface Transaction {
  readonly from: string;
  readonly recipients: string[];
  /** BDAT chunks received so far (RFC 3030); DATA may then not follow. */
  body?: MessageBody;
}

/**
 * Where a session is: connected (before EHLO or HELO, and again after STARTTLS), or greeted, with
 * the client's name, whether it said EHLO (only then are extensions usable), the account it logged
 * in as and the mail transaction under way.
 */
export type SmtpState =
  | { readonly kind: 'connected' }
  | { readonly kind: 'greeted'; readonly name: string; readonly extended: boolean; readonly user?: string | undefined; readonly transaction?: Transaction | undefined };

export type Greeted = Extract<SmtpState, { kind: 'greeted' }>;

/** An AUTH exchange waiting for the client's next line. */
export type SaslStep = { readonly mechanism: 'PLAIN' } | { readonly mechanism: 'LOGIN'; readonly user?: string };

/** What a command may use and do: the session's state and its ways of answering and reading on. */
export interface SmtpContext {
  readonly state: SmtpState;
  setState(next: SmtpState): void;
  readonly host: SmtpHost;
  /** Encrypted now: implicit TLS (465) or after STARTTLS. */
  readonly secure: boolean;
  /** STARTTLS is configured for this port; `required`: AUTH waits for TLS. */
  readonly tls: { readonly required: boolean } | undefined;
  readonly remoteAddress: string;
  send(reply: SmtpReply): void;
  /** Answers a malformed command; too many of them end the connection. */
  refuse(reply: SmtpReply): void;
  close(): void;
  /** Ends the mail transaction, giving back what its message held of the server's budget. */
  dropTransaction(): void;
  /** After DATA's 354: the message text comes next. */
  readData(): void;
  /** After BDAT: its `size` octets come next, into the transaction's message, or skipped and answered with `refusal`. */
  readChunk(size: number, last: boolean, refusal: SmtpReply | undefined): void;
  /** AUTH: the client's next line answers `step` (after a 334). */
  awaitSasl(step: SaslStep): void;
  /** AUTH's initial response, taken as the answer to `step`. */
  saslAnswer(step: SaslStep, text: string): void;
  /** An AUTH was refused: a line behind it that is no command is likely its SASL answer, never shown. */
  expectSaslLine(): void;
  /** After STARTTLS's 220: the handshake, then a new session. */
  startTls(): void;
}

/** A command as written in commands/<name>.ts. */
export interface SmtpCommand {
  /** Upper-case keyword. */
  readonly name: string;
  /** May come before EHLO or HELO (RFC 5321 4.1.4: NOOP, RSET, QUIT and the like). */
  readonly beforeHello: boolean;
  handle(ctx: SmtpContext, args: string): void;
}
