import { defineCommand } from '../command.js';
import { ANY_STATE } from '../session.js';
import { atom, parseIdArgs } from '../syntax/index.js';
import { VERSION } from '../../version.js';

/** ID (RFC 2971): the client says who it is; we answer with our name and version. */
export const id = defineCommand({
  name: 'ID',
  states: ANY_STATE,
  parse: (command) => parseIdArgs(command.args),
  handle(ctx) {
    ctx.send(atom('ID'), ['name', 'mailsim', 'version', VERSION, 'vendor', 'mailsim']);
  },
});
