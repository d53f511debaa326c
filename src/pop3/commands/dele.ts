import { defineCommand } from '../command.js';

/**
 * DELE n (RFC 1939 5): only marks the message; it leaves the maildrop at QUIT. A message IMAP
 * expunged meanwhile may still be marked: QUIT skips it.
 */
export const dele = defineCommand({
  name: 'DELE',
  states: ['transaction'],
  args: { min: 1, max: 1 },
  usage: 'DELE message-number',
  handle(ctx, [number = '']) {
    const entry = ctx.state.maildrop.lookup(number);
    entry.deleted = true;
    return { text: `message ${entry.number} deleted` };
  },
});
