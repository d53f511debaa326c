import { defineCommand } from '../command.js';

/** NOOP (RFC 1939 5): keeps the connection alive; the maildrop snapshot does not change. */
export const noop = defineCommand({
  name: 'NOOP',
  states: ['transaction'],
  args: { min: 0, max: 0 },
  usage: 'NOOP',
  handle() {
    return { text: 'nothing to do' };
  },
});
