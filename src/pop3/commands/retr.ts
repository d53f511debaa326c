import { defineCommand } from '../command.js';
import { retrChunks } from '../message-format.js';

/** RETR n (RFC 1939 5): the whole message; remembered so QUIT can set \Seen on it. */
export const retr = defineCommand({
  name: 'RETR',
  states: ['transaction'],
  args: { min: 1, max: 1 },
  usage: 'RETR message-number',
  handle(ctx, [number = '']) {
    const entry = ctx.state.maildrop.lookupReadable(number);
    entry.retrieved = true;
    return { text: `${entry.size} octets`, wire: { chunks: retrChunks(entry.message.raw), octets: entry.size } };
  },
});
