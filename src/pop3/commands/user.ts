import { defineCommand } from '../command.js';
import { printable } from '../text.js';

/** USER name (RFC 1939 7). Always accepted: whether the account exists is revealed by nothing. */
export const user = defineCommand({
  name: 'USER',
  states: ['authorization'],
  logsIn: true,
  args: { min: 1, max: 1 },
  usage: 'USER name',
  handle(ctx, [name = '']) {
    ctx.setState({ kind: 'authorization', failures: ctx.state.failures, pendingUser: name });
    return { text: `send PASS for ${printable(name)}` };
  },
});
