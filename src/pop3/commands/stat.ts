import { defineCommand } from '../command.js';

/** STAT (RFC 1939 5): count and octets of the messages not marked deleted. */
export const stat = defineCommand({
  name: 'STAT',
  states: ['transaction'],
  args: { min: 0, max: 0 },
  usage: 'STAT',
  handle(ctx) {
    const { count, size } = ctx.state.maildrop.stat();
    return { text: `${count} ${size}` };
  },
});
