import { defineCommand } from '../command.js';
import { wirePlural } from '../../text/plural.js';

/** LIST [n] (RFC 1939 5): "n size" for one message, or a listing of every message not deleted. */
export const list = defineCommand({
  name: 'LIST',
  states: ['transaction'],
  args: { min: 0, max: 1 },
  usage: 'LIST [message-number]',
  handle(ctx, [number]) {
    const { maildrop } = ctx.state;
    if (number !== undefined) {
      const entry = maildrop.lookup(number);
      return { text: `${entry.number} ${entry.size}` };
    }
    const { count, size } = maildrop.stat();
    return {
      text: `${wirePlural(count, 'message')} (${wirePlural(size, 'octet')})`,
      lines: maildrop.visible().map((entry) => `${entry.number} ${entry.size}`),
    };
  },
});
