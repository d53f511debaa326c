import type { Account } from '../store/account.js';
import type { ChangeOrigin } from '../store/journal.js';
import type { Mailbox } from '../store/mailbox.js';
import type { ImapFeatures } from './features.js';
import { SelectedMailbox } from './selected.js';

/** RFC 3501 3: the four session states, each carrying what only it has. */
export type SessionState =
  | { readonly kind: 'not-authenticated' }
  | { readonly kind: 'authenticated'; readonly account: Account }
  | { readonly kind: 'selected'; readonly account: Account; readonly selected: SelectedMailbox }
  | { readonly kind: 'logout' };

export type StateKind = SessionState['kind'];

export const ANY_STATE: readonly StateKind[] = ['not-authenticated', 'authenticated', 'selected'];
export const AUTHENTICATED: readonly StateKind[] = ['authenticated', 'selected'];
export const SELECTED: readonly StateKind[] = ['selected'];

/** Per-connection protocol state; the connection owns the socket, this owns the meaning. */
export class ImapSession {
  private current: SessionState = { kind: 'not-authenticated' };
  /** Extensions turned on by ENABLE or implicitly (RFC 7162 3.1: any CONDSTORE use enables it). */
  readonly enabled = new Set<string>();
  failedAuth = 0;
  /** What the server offers this session now: its profile's pieces, as CAPABILITY lists them. */
  features: ImapFeatures;
  idling = false;
  readonly origin: ChangeOrigin;

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

  get condstore(): boolean {
    return this.enabled.has('CONDSTORE');
  }

  /** The account of an authenticated session; only for commands declared AUTHENTICATED. */
  get account(): Account {
    if (this.current.kind !== 'authenticated' && this.current.kind !== 'selected') throw new Error(`no account in state ${this.current.kind}`);
    return this.current.account;
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
    this.current = { kind: 'authenticated', account };
    this.features = this.featuresFor(account);
    (this.origin as { label: string }).label = `imap#${this.id} ${account.address}`;
  }

  select(mailbox: Mailbox, readOnly: boolean): SelectedMailbox {
    const account = this.account;
    this.deselect();
    const selected = new SelectedMailbox(mailbox, readOnly, this, this.onMailboxChange);
    this.current = { kind: 'selected', account, selected };
    return selected;
  }

  /** Back to authenticated state (CLOSE, UNSELECT, a failed SELECT). */
  deselect(): void {
    if (this.current.kind !== 'selected') return;
    this.current.selected.close();
    this.current = { kind: 'authenticated', account: this.current.account };
  }

  /**
   * UNAUTHENTICATE (RFC 8437): back to not-authenticated as if freshly connected. The mailbox is
   * left without expunging, ENABLEd extensions are forgotten (a new login may choose again), the
   * server's own features replace the account's. The connection, and COMPRESS on it, stays.
   */
  unauthenticate(): void {
    this.deselect();
    this.enabled.clear();
    this.failedAuth = 0;
    this.features = this.serverFeatures;
    this.current = { kind: 'not-authenticated' };
    (this.origin as { label: string }).label = `imap#${this.id}`;
  }

  logout(): void {
    this.deselect();
    this.current = { kind: 'logout' };
  }
}
