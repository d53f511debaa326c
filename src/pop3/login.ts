import type { Account } from '../store/index.js';
import { apopDigest } from './apop-digest.js';
import type { CommandContext } from './command.js';
import { Pop3CommandError } from './errors.js';
import { MAX_FAILED_LOGINS } from './limits.js';
import { Maildrop } from './maildrop.js';
import type { Reply } from './reply.js';
import type { AuthorizationState } from './state.js';
import { wirePlural } from '../text/plural.js';

/**
 * Counts a failed PASS/APOP and throws its -ERR [AUTH]. The reply never says whether the user or
 * the password was wrong, so it cannot be used to probe for accounts.
 */
export function failLogin(ctx: CommandContext<AuthorizationState>): never {
  const failures = ctx.state.failures + 1;
  ctx.setState({ kind: 'authorization', failures });
  if (failures >= MAX_FAILED_LOGINS) throw new Pop3CommandError('AUTH', 'too many failures', true);
  throw new Pop3CommandError('AUTH', 'invalid user name or password');
}

/** After good credentials: takes the maildrop lock, snapshots INBOX, enters TRANSACTION. */
export function enterTransaction(ctx: CommandContext<AuthorizationState>, account: Account): Reply {
  if (!ctx.locks.acquire(account, ctx.session)) {
    // Credentials were right, so this is not a failure to count; the client may retry later.
    ctx.setState({ kind: 'authorization', failures: ctx.state.failures });
    throw new Pop3CommandError('IN_USE', `maildrop of ${account.address} is locked by another session`);
  }
  const maildrop = new Maildrop(account.inbox);
  ctx.setState({ kind: 'transaction', account, maildrop });
  const { count, size } = maildrop.stat();
  return { text: `${account.address} has ${wirePlural(count, 'message')} (${wirePlural(size, 'octet')})` };
}

/** Checks an APOP digest (RFC 1939 7): MD5 of the greeting's timestamp and the shared secret. */
export function apopMatches(account: Account, timestamp: string, digest: string): boolean {
  return account.checkDigest(digest.toLowerCase(), (secret) => apopDigest(timestamp, secret));
}
