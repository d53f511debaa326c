import type { Account } from '../store/account.js';
import type { SpecialUse } from '../store/mailbox.js';
import type { AccountRules } from '../store/rules.js';
import type { Clock } from '../sim/clock.js';

/**
 * A server profile: what a server offers and the rules it keeps, as data. The standard profile is
 * "like Dovecot"; provider profiles (gmail, outlook) are built from it with deriveProfile(),
 * switching pieces on or off and setting their folders, label, delete and POP rules. Handlers
 * never test a profile's name: they ask whether an extension is on, and the store and the POP3
 * maildrop read the rules.
 */
export interface ServerProfile {
  /** Short name, as `provider:` names it in a scenario, e.g. "standard". */
  readonly name: string;
  /** One line for help and reports. */
  readonly description: string;
  /**
   * IMAP extensions turned on, by id (the `id` of each piece in src/imap/extensions). The order
   * here does not matter: capabilities are always advertised in the registry's order.
   */
  readonly imapExtensions: readonly string[];
  /**
   * Largest message APPEND accepts, in octets (advertised as APPENDLIMIT=n, RFC 7889). Bounded by
   * the literal limit of the IMAP syntax layer, which no profile can raise.
   */
  readonly appendLimit: number;
  /** Folders every new account has besides INBOX, with their RFC 6154 special use. */
  readonly folders: readonly FolderSpec[];
  /** Names that exist only as parents of other folders (LIST \Noselect), e.g. Gmail's "[Gmail]". */
  readonly noselectParents?: readonly string[];
  /** Labels are folders (Gmail): one message, a set of labels, a copy per folder. Absent: plain folders. */
  readonly labels?: LabelRules;
  /** What a POP3 session lists and what its QUIT does. */
  readonly pop3: Pop3Rules;
  /** Mail an account submits over SMTP is filed in its \Sent folder by the server itself. */
  readonly savesSent?: boolean;
  /** Installs the provider's rules across an account's mailboxes (Gmail's labels) when it is made. */
  readonly rules?: (account: Account, clock: Clock) => AccountRules;
}

export interface FolderSpec {
  readonly name: string;
  readonly specialUse?: SpecialUse;
}

/**
 * Gmail's label model. The folders playing each role are named by special use (found among
 * `folders`); the delete rules are the account's IMAP settings (Gmail API `ImapSettings`).
 */
export interface LabelRules {
  /**
   * `ImapSettings.autoExpunge`: "If this value is true, Gmail will immediately expunge a message
   * when it is marked as deleted in IMAP. Otherwise, Gmail will wait for an update from the client
   * before expunging messages marked as deleted."
   */
  readonly autoExpunge: boolean;
  /**
   * `ImapSettings.expungeBehavior`: "The action that will be executed on a message when it is
   * marked as deleted and expunged from the last visible IMAP folder."
   */
  readonly expungeBehavior: ExpungeBehavior;
}

export type ExpungeBehavior = 'archive' | 'trash' | 'deleteForever';

export type Pop3Rules = MaildropRules | PoppedOnceRules;

/** RFC 1939 over INBOX, DELE removes at QUIT. */
export interface MaildropRules {
  readonly kind: 'maildrop';
  /**
   * \Seen on what a session RETRieved, at QUIT: Dovecot's default (its `pop3_no_flag_updates = no`);
   * false is `pop3_no_flag_updates = yes`, "Don't try to set mails non-recent or seen with POP3 sessions".
   */
  readonly seenOnRetrieve: boolean;
}

/**
 * Gmail's POP rules (Gmail API `PopSettings` and "How does POP work in Gmail?"): messages come
 * from All Mail, each is offered once per account ("popped"), the account's disposition decides
 * what happens after a fetch, DELE does not.
 */
export interface PoppedOnceRules {
  readonly kind: 'popped-once';
  /** `PopSettings.accessWindow`. */
  readonly accessWindow: 'allMail' | 'fromNowOn' | 'disabled';
  /** `PopSettings.disposition`: what happens to a message once it has been fetched. */
  readonly disposition: 'leaveInInbox' | 'markRead' | 'archive' | 'trash';
  /** "about 250 of the oldest messages": the oldest this many conversations not yet popped. */
  readonly batchConversations: number;
  /** User-name prefix of recent mode ("recent:user@gmail.com"). */
  readonly recentPrefix: string;
  /** Recent mode lists the last this many days of All Mail, popped or not. */
  readonly recentDays: number;
}

export interface ProfileChanges {
  /** Name of the derived profile. */
  readonly name?: string;
  readonly description?: string;
  /** Extension ids to turn on. */
  readonly on?: readonly string[];
  /** Extension ids to turn off. */
  readonly off?: readonly string[];
  readonly appendLimit?: number;
  readonly folders?: readonly FolderSpec[];
  readonly noselectParents?: readonly string[];
  readonly labels?: LabelRules;
  readonly pop3?: Pop3Rules;
  readonly savesSent?: boolean;
  readonly rules?: (account: Account, clock: Clock) => AccountRules;
}

/** A profile built on `base`: its extensions plus `on`, minus `off`, and its other values unless changed. */
export function deriveProfile(base: ServerProfile, changes: ProfileChanges): ServerProfile {
  const off = new Set(changes.off ?? []);
  const extensions = [...new Set([...base.imapExtensions, ...(changes.on ?? [])])].filter((id) => !off.has(id));
  const { on: _on, off: _off, ...values } = changes;
  return { ...base, ...values, imapExtensions: extensions };
}
