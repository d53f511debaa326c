import { defineCommand } from '../command.js';
import { ANY_STATE } from '../session.js';
import { parseNoArgs } from '../syntax/index.js';

/** NOOP (RFC 3501 6.1.2): does nothing but let queued mailbox changes be reported (the dispatcher flushes them). */
export const noop = defineCommand({
  name: 'NOOP',
  states: ANY_STATE,
  parse: (command) => parseNoArgs(command.args, 'NOOP'),
  handle() {},
});

/** CHECK (RFC 3501 6.4.1): a checkpoint; the in-memory store has nothing to write, so it is NOOP. */
export const check = defineCommand({
  name: 'CHECK',
  states: ['selected'],
  parse: (command) => parseNoArgs(command.args, 'CHECK'),
  handle() {},
});
