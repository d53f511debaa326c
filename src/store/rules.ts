import type { ChangeOrigin } from './journal.js';
import type { Mailbox, MailboxHooks } from './mailbox.js';
import type { Message } from './message.js';

/**
 * Rules of a provider that span an account's mailboxes (Gmail's labels), installed by its server
 * profile when the account is made. The store calls them; protocol handlers reach them only through
 * Account.copyMessages / moveMessages and the POP3 view, never by asking which provider it is.
 */
export interface AccountRules extends MailboxHooks {
  /** COPY: the message in `to` for each source, in order (an existing one when it is there already). */
  copy(messages: readonly Message[], from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message[];
  /** MOVE: as copy, then the sources leave `from` (or stay, where the provider keeps them). */
  move(messages: readonly Message[], from: Mailbox, to: Mailbox, origin: ChangeOrigin): Message[];
  /** What a POP3 session lists and how its QUIT ends, for a login in normal or recent mode. */
  pop3View?(mode: Pop3Mode, now: number): Pop3View | Pop3Refusal;
  /** A message SMTP took from this account's own client: file it in \Sent (a provider rule). */
  sent?(raw: Buffer, internalDate: number, origin: ChangeOrigin): void;
}

export type Pop3Mode = 'normal' | 'recent';

/** What one POP3 session sees. */
export interface Pop3View {
  /** The messages it lists, numbered 1..n in this order. */
  readonly messages: readonly Message[];
  /** UIDL of a listed message: stable across sessions. */
  uidl(message: Message): string;
  /**
   * UPDATE state: what QUIT does with what the session RETRieved and what it marked with DELE.
   * Returns how many messages left the account.
   */
  commit(retrieved: readonly Message[], deleted: readonly Message[], origin: ChangeOrigin): number;
}

/** Why a login may not open a POP3 session (the provider's POP setting); the text is for -ERR. */
export interface Pop3Refusal {
  readonly refused: string;
}
