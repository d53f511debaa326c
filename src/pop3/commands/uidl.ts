import { defineCommand } from '../command.js';

/**
 * UIDL [n] (RFC 1939 7): the unique-id comes from the maildrop's view - the store's message id,
 * which never changes and is never reused (Gmail: its message id) - so a client's "leave on
 * server" ledger stays valid across sessions.
 */
export const uidl = defineCommand({
  name: 'UIDL',
  states: ['transaction'],
  args: { min: 0, max: 1 },
  usage: 'UIDL [message-number]',
  handle(ctx, [number]) {
    const { maildrop } = ctx.state;
    if (number !== undefined) {
      const entry = maildrop.lookup(number);
      return { text: `${entry.number} ${maildrop.uidl(entry)}` };
    }
    return {
      text: 'unique-id listing follows',
      lines: maildrop.visible().map((entry) => `${entry.number} ${maildrop.uidl(entry)}`),
    };
  },
});
