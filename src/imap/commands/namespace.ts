import { defineCommand } from '../command.js';
import { AUTHENTICATED } from '../session.js';
import { atom, parseNoArgs } from '../syntax/index.js';
import { HIERARCHY_DELIMITER } from '../../store/account.js';

/** NAMESPACE (RFC 2342): one personal namespace with an empty prefix; no shared or other users'. */
export const namespace = defineCommand({
  name: 'NAMESPACE',
  states: AUTHENTICATED,
  parse: (command) => parseNoArgs(command.args, 'NAMESPACE'),
  handle(ctx) {
    ctx.send(atom('NAMESPACE'), [['', HIERARCHY_DELIMITER]], null, null);
  },
});
