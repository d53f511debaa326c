import { defineCommand } from '../command.js';
import { AUTHENTICATED } from '../session.js';
import { parseNoArgs } from '../syntax/index.js';

/**
 * UNAUTHENTICATE (RFC 8437): ends the login without ending the connection, so a client can log in
 * again, as another user or the same. A selected mailbox is left as UNSELECT leaves it.
 */
export const unauthenticate = defineCommand({
  name: 'UNAUTHENTICATE',
  states: AUTHENTICATED,
  reportsChangesBefore: false,
  parse: (command) => parseNoArgs(command.args, 'UNAUTHENTICATE'),
  handle(ctx) {
    ctx.session.unauthenticate();
  },
});
