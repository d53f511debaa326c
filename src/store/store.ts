import type { ServerProfile } from '../providers/profile.js';
import type { Clock } from '../sim/clock.js';
import { Account, DEFAULT_MAILBOXES } from './account.js';
import { StoreError } from './errors.js';
import { Journal } from './journal.js';
import { UidValidityAllocator } from './uid-validity.js';

export interface AddAccountOptions {
  /** Create Sent, Drafts, Trash, Archive, Junk with their special-use attributes. Default true. */
  specialUseMailboxes?: boolean;
  /** The server profile for this account's sessions (see Account.profile). Default: the server's. */
  profile?: ServerProfile;
  /** Quota limits (see Account.quota). Default: none. */
  quota?: { storage?: number; messages?: number };
}

/** Server-wide behaviour where real servers differ; each option is named after the server that has it. */
export interface ServerBehaviour {
  /**
   * Dovecot's `pop3_no_flag_updates` (default no): "Don't try to set mails non-recent or seen with
   * POP3 sessions." So by default, like Dovecot, a message a POP3 session RETRieves gets \Seen
   * when the session ends with QUIT (TOP does not count).
   */
  readonly pop3NoFlagUpdates?: boolean;
}

/**
 * The in-memory mail store: accounts, their mailboxes and messages, and the change journal.
 * Synchronous and protocol-free; the only time it knows is its clock's.
 */
export class MailStore {
  readonly journal = new Journal();
  private readonly accountsByAddress = new Map<string, Account>();

  constructor(
    readonly clock: Clock,
    readonly behaviour: ServerBehaviour = {},
    /** Where UIDVALIDITY values come from (uid-validity.ts); startServer passes one per process. */
    private readonly uidValidity: UidValidityAllocator = new UidValidityAllocator(),
  ) {}

  addAccount(address: string, password: string, options: AddAccountOptions = {}): Account {
    const key = address.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(address)) {
      throw new StoreError('INVALID', `"${address}" is not an email address (expected name@domain)`);
    }
    if (this.accountsByAddress.has(key)) throw new StoreError('ALREADYEXISTS', `account ${address} already exists`);
    const account = new Account(address, password, {
      clock: this.clock,
      journal: this.journal,
      nextUidValidity: (name) => this.uidValidity.next(`${key}\0${name}`, this.clock.now()),
    });
    const profile = options.profile;
    if (options.specialUseMailboxes ?? true) {
      // Subscribed from the start: clients that show subscribed folders only (Thunderbird's
      // default, mail.server.default.using_subscription) would otherwise show INBOX alone.
      for (const { name, specialUse } of profile?.folders ?? DEFAULT_MAILBOXES) {
        account.createMailbox(name, specialUse);
        account.subscribe(name);
      }
      // A parent that is only a name (Gmail's "[Gmail]"): DELETE of a parent with children leaves
      // it \Noselect (RFC 3501 6.3.4), which is what LIST then shows.
      for (const parent of profile?.noselectParents ?? []) if (account.mailbox(parent)) account.deleteMailbox(parent, { label: 'setup' });
    }
    account.profile = profile;
    account.rules = profile?.rules?.(account, this.clock);
    if (options.quota) account.quota = { ...options.quota };
    this.accountsByAddress.set(key, account);
    return account;
  }

  account(address: string): Account | undefined {
    return this.accountsByAddress.get(address.toLowerCase());
  }

  /** Accounts sorted by address. */
  accounts(): Account[] {
    return [...this.accountsByAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  }

  /**
   * Finds the account a login names: the full address, or the local part when exactly one account
   * has it (mail clients often send just "alice"). Returns undefined on unknown user or bad password.
   */
  authenticate(username: string, password: string): Account | undefined {
    const account = this.resolveLogin(username);
    return account?.checkPassword(password) ? account : undefined;
  }

  resolveLogin(username: string): Account | undefined {
    const direct = this.account(username);
    if (direct) return direct;
    if (username.includes('@')) return undefined;
    const local = username.toLowerCase();
    const matches = this.accounts().filter((a) => a.address.toLowerCase().split('@')[0] === local);
    return matches.length === 1 ? matches[0] : undefined;
  }
}
