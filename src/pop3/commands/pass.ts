import { defineCommand } from '../command.js';
import { Pop3CommandError } from '../errors.js';
import { enterTransaction, failLogin, resolvePop3Login } from '../login.js';

/** PASS secret (RFC 1939 7): completes USER; a failure forgets the user name. */
export const pass = defineCommand({
  name: 'PASS',
  states: ['authorization'],
  logsIn: true,
  args: { min: 1, max: 1, rest: true },
  usage: 'PASS password',
  handle(ctx, [password = '']) {
    const name = ctx.state.pendingUser;
    if (name === undefined) throw new Pop3CommandError('WRONG_STATE', 'PASS must follow USER');
    const { account, mode } = resolvePop3Login(ctx.store, name);
    if (!account?.checkPassword(password)) failLogin(ctx);
    return enterTransaction(ctx, account, mode);
  },
});
