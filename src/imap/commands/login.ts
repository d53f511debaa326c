import type { Account } from '../../store/account.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { MAX_FAILED_AUTH } from '../limits.js';
import { parseLoginArgs } from '../syntax/index.js';

/**
 * LOGIN (RFC 3501 6.2.3). A plaintext login is allowed unless the server requires TLS (then
 * LOGINDISABLED is advertised and LOGIN gets NO [PRIVACYREQUIRED] until STARTTLS): a local test
 * server lets clients without TLS log in, as RFC 3501 permits when the administrator says so.
 */
export const login = defineCommand({
  name: 'LOGIN',
  states: ['not-authenticated'],
  parse: (command) => parseLoginArgs(command.args),
  handle(ctx, { username, password }) {
    authenticate(ctx, username, password);
  },
});

/** Shared by LOGIN and AUTHENTICATE: logs in, or counts a failure and gives up after too many. */
export function authenticate(ctx: CommandContext, username: string, password: string): Account {
  // RFC 3501 6.2.3 / RFC 5530 PRIVACYREQUIRED; not a failed login, the password was never checked.
  if (ctx.session.loginDisabled) throw new ImapCommandError('NO', 'Logins need TLS on this server: send STARTTLS first', { code: 'PRIVACYREQUIRED' });
  const account = ctx.store.authenticate(username, password);
  if (!account) {
    // The connection holds the NO for the address's failed-login delay, then says BYE after too many.
    ctx.loginFailed(ctx.session.recordFailedLogin() >= MAX_FAILED_AUTH);
    // Same answer for unknown user and wrong password: no probing for account names.
    throw new ImapCommandError('NO', 'Invalid user name or password', { code: 'AUTHENTICATIONFAILED' });
  }
  ctx.session.login(account);
  ctx.complete(`Logged in as ${account.address}`, { code: 'CAPABILITY', capabilities: ctx.session.capabilities });
  return account;
}
