import type { Account } from '../store/account.js';
import type { ChangeOrigin } from '../store/journal.js';
import type { Mailbox } from '../store/mailbox.js';
import type { ImapFeatures } from './features.js';
import type { NameEncoding } from './syntax/index.js';
import { SelectedMailbox } from './selected.js';

/** What an authenticated session carries, selected or not. */
interface LoggedIn {
  readonly account: Account;
  /** Extensions turned on by ENABLE or implicitly (RFC 7162 3.1: any CONDSTORE use enables it). */
  readonly enabled: Set<string>;
  /** Inside IDLE (RFC 2177): changes are pushed as they happen. */
  idling: boolean;
}

/** RFC 3501 3: the four session states, each carrying what only it has. */
export type SessionState =
  | { readonly kind: 'not-authenticated'; /** LOGIN/AUTHENTICATE failures on this connection. */ failedAuth: number }
  | ({ readonly kind: 'authenticated' } & LoggedIn)
  | ({ readonly kind: 'selected'; readonly selected: SelectedMailbox } & LoggedIn)
  | { readonly kind: 'logout' };

export type StateKind = SessionState['kind'];

export const ANY_STATE: readonly StateKind[] = ['not-authenticated', 'authenticated', 'selected'];
export const AUTHENTICATED: readonly StateKind[] = ['authenticated', 'selected'];
export const SELECTED: readonly StateKind[] = ['selected'];

/** What the connection under the session offers: TLS now, or an upgrade to it (STARTTLS). */
export interface SessionTransport {
  /** The connection is encrypted (implicit TLS on 993, or after STARTTLS). */
  secure: boolean;
  /** STARTTLS is possible: the server has a certificate and the connection is not encrypted yet. */
  readonly startTls: boolean;
  /** Logins wait for TLS (LOGINDISABLED, RFC 3501 6.2.3). */
  readonly tlsRequired: boolean;
}

/** Per-connection protocol state; the connection owns the socket, this owns the meaning. */
export class ImapSession {
  private current: SessionState = { kind: 'not-authenticated', failedAuth: 0 };
  /** Run when the login ends (LOGOUT, UNAUTHENTICATE, a dropped connection): NOTIFY's subscriptions. */
  readonly onLoginEnd = new Set<() => void>();
  /** What the server offers this session now: its profile's pieces, as CAPABILITY lists them. */
  features: ImapFeatures;
  readonly origin: ChangeOrigin;
  /** Set by the connection; STARTTLS turns `secure` on. */
  transport: SessionTransport = { secure: false, startTls: false, tlsRequired: false };

  constructor(
    readonly id: number,
    /** What the server offers before login. */
    private readonly serverFeatures: ImapFeatures,
    /** What it offers an account once logged in (the account's profile may differ). */
    private readonly featuresFor: (account: Account) => ImapFeatures,
    /** Called when the selected mailbox changes, so an idling connection can push at once. */
    private readonly onMailboxChange: () => void,
  ) {
    this.origin = { label: `imap#${id}`, token: this };
    this.features = serverFeatures;
  }

  get state(): SessionState {
    return this.current;
  }

  get authenticated(): boolean {
    return this.current.kind === 'authenticated' || this.current.kind === 'selected';
  }

  /**
   * Enabled extensions. Before login a fresh empty set each time, so nothing added to it sticks:
   * ENABLE and every CONDSTORE use are authenticated-state commands (RFC 5161 3.1, RFC 7162 3.1).
   */
  get enabled(): Set<string> {
    return this.loggedIn?.enabled ?? new Set<string>();
  }

  /** Mailbox names in UTF-8 (RFC 6855 3, RFC 9051 5.1) once UTF8=ACCEPT or IMAP4rev2 is enabled, else modified UTF-7. */
  get names(): NameEncoding {
    return this.enabled.has('UTF8=ACCEPT') || this.enabled.has('IMAP4rev2') ? 'utf8' : 'mutf7';
  }

  /** IMAP4rev2 is enabled (RFC 9051): no \Recent, ESEARCH for SEARCH, LIST in SELECT's answer. */
  get rev2(): boolean {
    return this.enabled.has('IMAP4rev2');
  }

  /** QRESYNC is enabled (RFC 7162 3.2.3): VANISHED instead of EXPUNGE, [CLOSED] between mailboxes. */
  get qresync(): boolean {
    return this.enabled.has('QRESYNC');
  }

  /** STARTTLS is on offer: TLS is available and the connection is still plaintext (RFC 3501 6.2.1). */
  get canStartTls(): boolean {
    return this.transport.startTls && !this.transport.secure && this.current.kind === 'not-authenticated';
  }

  /** LOGIN and AUTHENTICATE are refused until STARTTLS (RFC 3501 6.2.3 LOGINDISABLED). */
  get loginDisabled(): boolean {
    return this.transport.tlsRequired && !this.transport.secure;
  }

  /**
   * What CAPABILITY, the greeting and LOGIN's response code list: the profile's pieces, plus
   * STARTTLS while it is possible and LOGINDISABLED (instead of any AUTH=) while logins wait for
   * it - where Dovecot puts them, before the AUTH= mechanisms. After STARTTLS neither is listed.
   */
  get capabilities(): readonly string[] {
    const all = this.features.capabilities;
    if (!this.canStartTls) return all;
    const auth = all.findIndex((c) => c.startsWith('AUTH='));
    const before = auth === -1 ? all : all.slice(0, auth);
    const mechanisms = auth === -1 ? [] : all.slice(auth);
    return this.loginDisabled ? [...before, 'STARTTLS', 'LOGINDISABLED'] : [...before, 'STARTTLS', ...mechanisms];
  }

  get condstore(): boolean {
    return this.enabled.has('CONDSTORE');
  }

  get idling(): boolean {
    return this.loggedIn?.idling ?? false;
  }

  /** IDLE starts and ends here; only an authenticated session can idle. */
  set idling(value: boolean) {
    const loggedIn = this.loggedIn;
    if (!loggedIn) throw new Error(`cannot idle in state ${this.current.kind}`);
    loggedIn.idling = value;
  }

  /** Counts a failed login; returns the failures so far on this connection. */
  recordFailedLogin(): number {
    if (this.current.kind !== 'not-authenticated') throw new Error(`no login to fail in state ${this.current.kind}`);
    return ++this.current.failedAuth;
  }

  /** The account of an authenticated session; only for commands declared AUTHENTICATED. */
  get account(): Account {
    const loggedIn = this.loggedIn;
    if (!loggedIn) throw new Error(`no account in state ${this.current.kind}`);
    return loggedIn.account;
  }

  /** The selected mailbox view; only for commands declared SELECTED. */
  get selected(): SelectedMailbox {
    if (this.current.kind !== 'selected') throw new Error(`no mailbox selected in state ${this.current.kind}`);
    return this.current.selected;
  }

  get selectedOrUndefined(): SelectedMailbox | undefined {
    return this.current.kind === 'selected' ? this.current.selected : undefined;
  }

  login(account: Account): void {
    this.current = { kind: 'authenticated', account, enabled: new Set(), idling: false };
    this.features = this.featuresFor(account);
    (this.origin as { label: string }).label = `imap#${this.id} ${account.address}`;
  }

  select(mailbox: Mailbox, readOnly: boolean): SelectedMailbox {
    const { account, enabled } = this.requireLoggedIn();
    this.deselect();
    const selected = new SelectedMailbox(mailbox, readOnly, this, this.onMailboxChange);
    this.current = { kind: 'selected', account, enabled, idling: false, selected };
    selected.reportRecent = !this.rev2;
    return selected;
  }

  /** Back to authenticated state (CLOSE, UNSELECT, a failed SELECT). */
  deselect(): void {
    if (this.current.kind !== 'selected') return;
    const { account, enabled, selected } = this.current;
    selected.close();
    this.current = { kind: 'authenticated', account, enabled, idling: false };
  }

  /**
   * UNAUTHENTICATE (RFC 8437): back to not-authenticated as if freshly connected. The mailbox is
   * left without expunging, ENABLEd extensions are forgotten with the logged-in state (a new login
   * may choose again), the server's own features replace the account's. The connection, and
   * COMPRESS on it, stays.
   */
  unauthenticate(): void {
    this.endLogin();
    this.deselect();
    this.features = this.serverFeatures;
    this.current = { kind: 'not-authenticated', failedAuth: 0 };
    (this.origin as { label: string }).label = `imap#${this.id}`;
  }

  private endLogin(): void {
    for (const end of [...this.onLoginEnd]) end();
    this.onLoginEnd.clear();
  }

  logout(): void {
    this.endLogin();
    this.deselect();
    this.current = { kind: 'logout' };
  }

  private get loggedIn(): LoggedIn | undefined {
    return this.current.kind === 'authenticated' || this.current.kind === 'selected' ? this.current : undefined;
  }

  private requireLoggedIn(): LoggedIn {
    const loggedIn = this.loggedIn;
    if (!loggedIn) throw new Error(`not logged in (state ${this.current.kind})`);
    return loggedIn;
  }
}
