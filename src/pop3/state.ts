import type { Account } from '../store/index.js';
import type { Maildrop } from './maildrop.js';

/** RFC 1939 AUTHORIZATION: before login. */
export interface AuthorizationState {
  readonly kind: 'authorization';
  /** Name given by USER, waiting for PASS. */
  readonly pendingUser?: string;
  /** Failed PASS/APOP attempts on this connection (see MAX_FAILED_LOGINS). */
  readonly failures: number;
}

/** RFC 1939 TRANSACTION: logged in, holding the account's maildrop lock. */
export interface TransactionState {
  readonly kind: 'transaction';
  readonly account: Account;
  readonly maildrop: Maildrop;
}

/** After QUIT, a drop, a timeout or shutdown: no further command is read. */
export interface ClosedState {
  readonly kind: 'closed';
}

export type SessionState = AuthorizationState | TransactionState | ClosedState;

/** States in which commands run. */
export type OpenState = AuthorizationState | TransactionState;
export type OpenStateKind = OpenState['kind'];
