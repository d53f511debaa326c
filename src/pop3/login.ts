import type { Account, MailStore } from '../store/index.js';
import type { Pop3Mode } from '../store/rules.js';
import { apopDigest } from './apop-digest.js';
import type { CommandContext } from './command.js';
import { Pop3CommandError } from './errors.js';
import { MAX_FAILED_LOGINS } from './limits.js';
import { inboxView, Maildrop } from './maildrop.js';
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

/**
 * The account a POP3 user name names, and the mode: a provider with a recent mode (Gmail's
 * "recent:user@gmail.com") takes its prefix in front of the address. Everything else is the name
 * as IMAP and SMTP take it (MailStore.resolveLogin).
 */
export function resolvePop3Login(store: MailStore, name: string): { account?: Account; mode: Pop3Mode } {
  const direct = store.resolveLogin(name);
  if (direct) return { account: direct, mode: 'normal' };
  const colon = name.indexOf(':');
  if (colon <= 0) return { mode: 'normal' };
  const account = store.resolveLogin(name.slice(colon + 1));
  const rules = account?.profile?.pop3;
  if (account && rules?.kind === 'popped-once' && rules.recentPrefix.toLowerCase() === name.slice(0, colon + 1).toLowerCase()) return { account, mode: 'recent' };
  return { mode: 'normal' };
}

/**
 * After good credentials: takes the maildrop lock, snapshots what the account's provider lists
 * (INBOX; Gmail: All Mail, what it has not popped), enters TRANSACTION.
 */
export function enterTransaction(ctx: CommandContext<AuthorizationState>, account: Account, mode: Pop3Mode = 'normal'): Reply {
  const rules = account.profile?.pop3;
  const view =
    account.rules?.pop3View?.(mode, ctx.store.clock.now()) ??
    inboxView(account.inbox, (rules?.kind === 'maildrop' ? rules.seenOnRetrieve : true) && !ctx.store.behaviour.pop3NoFlagUpdates);
  // The provider's POP setting (Gmail's "disabled"): the password was right, so not a failure.
  if ('refused' in view) throw new Pop3CommandError('POP_DISABLED', view.refused);
  if (!ctx.locks.acquire(account, ctx.session)) {
    // Credentials were right, so this is not a failure to count; the client may retry later.
    ctx.setState({ kind: 'authorization', failures: ctx.state.failures });
    throw new Pop3CommandError('IN_USE', `maildrop of ${account.address} is locked by another session`);
  }
  const maildrop = new Maildrop(view);
  ctx.setState({ kind: 'transaction', account, maildrop });
  const { count, size } = maildrop.stat();
  return { text: `${account.address} has ${wirePlural(count, 'message')} (${wirePlural(size, 'octet')})` };
}

/** Checks an APOP digest (RFC 1939 7): MD5 of the greeting's timestamp and the shared secret. */
export function apopMatches(account: Account, timestamp: string, digest: string): boolean {
  return account.checkDigest(digest.toLowerCase(), (secret) => apopDigest(timestamp, secret));
}
