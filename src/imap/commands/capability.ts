import { defineCommand } from '../command.js';
import { ANY_STATE } from '../session.js';
import { atom, parseNoArgs } from '../syntax/index.js';

/**
 * CAPABILITY (RFC 3501 6.1.1): what the session's profile turns on. The list is the same before and
 * after login unless the account's profile differs from the server's.
 */
export const capability = defineCommand({
  name: 'CAPABILITY',
  states: ANY_STATE,
  parse: (command) => parseNoArgs(command.args, 'CAPABILITY'),
  handle(ctx) {
    ctx.send(atom('CAPABILITY'), ...ctx.session.capabilities.map(atom));
  },
});
