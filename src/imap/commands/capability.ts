import { CAPABILITIES } from '../capabilities.js';
import { defineCommand } from '../command.js';
import { ANY_STATE } from '../session.js';
import { atom, parseNoArgs } from '../syntax/index.js';

/** CAPABILITY (RFC 3501 6.1.1). The list is the same before and after login: nothing is hidden. */
export const capability = defineCommand({
  name: 'CAPABILITY',
  states: ANY_STATE,
  parse: (command) => parseNoArgs(command.args, 'CAPABILITY'),
  handle(ctx) {
    ctx.send(atom('CAPABILITY'), ...CAPABILITIES.map(atom));
  },
});
