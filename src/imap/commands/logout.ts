import { defineCommand } from '../command.js';
import { ANY_STATE } from '../session.js';
import { parseNoArgs } from '../syntax/index.js';

/** LOGOUT (RFC 3501 6.1.3): BYE, tagged OK, then the connection closes. */
export const logout = defineCommand({
  name: 'LOGOUT',
  reportsChangesBefore: false,
  states: ANY_STATE,
  parse: (command) => parseNoArgs(command.args, 'LOGOUT'),
  handle(ctx) {
    ctx.sendStatus('BYE', 'Logging out');
    ctx.session.logout();
  },
});
