import type { Account } from '../store/index.js';

/**
 * Maildrop locks (RFC 1939 4: the server acquires an exclusive-access lock on the maildrop when
 * entering TRANSACTION). One lock per account, held from a successful PASS/APOP until the session
 * ends, however it ends. Owned by a Pop3Service, so two services on one store do not share locks.
 */
export class MaildropLocks {
  private readonly holders = new Map<Account, object>();

  /** Returns false when another holder has the account's maildrop. */
  acquire(account: Account, holder: object): boolean {
    const current = this.holders.get(account);
    if (current !== undefined && current !== holder) return false;
    this.holders.set(account, holder);
    return true;
  }

  release(account: Account, holder: object): void {
    if (this.holders.get(account) === holder) this.holders.delete(account);
  }
}
