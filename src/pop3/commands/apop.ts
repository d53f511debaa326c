import { defineCommand } from '../command.js';
import { Pop3CommandError } from '../errors.js';
import { apopMatches, enterTransaction, failLogin, resolvePop3Login } from '../login.js';

/** APOP name digest (RFC 1939 7): digest = MD5(greeting timestamp + secret), 32 hex digits. */
export const apop = defineCommand({
  name: 'APOP',
  states: ['authorization'],
  logsIn: true,
  args: { min: 2, max: 2 },
  usage: 'APOP name digest',
  handle(ctx, [name = '', digest = '']) {
    if (!/^[0-9a-fA-F]{32}$/.test(digest)) {
      throw new Pop3CommandError('SYNTAX', 'APOP digest must be 32 hexadecimal digits');
    }
    const { account, mode } = resolvePop3Login(ctx.store, name);
    if (!account) failLogin(ctx);
    if (!apopMatches(account, ctx.apopTimestamp, digest)) failLogin(ctx);
    return enterTransaction(ctx, account, mode);
  },
});
