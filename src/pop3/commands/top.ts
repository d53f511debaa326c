import { defineCommand } from '../command.js';
import { Pop3CommandError } from '../errors.js';
import { MAX_TOP_LINES } from '../limits.js';
import { topLines } from '../message-format.js';
import { printable } from '../text.js';

/** TOP n k (RFC 1939 7): headers, blank line, k body lines. Does not count as reading the message. */
export const top = defineCommand({
  name: 'TOP',
  states: ['transaction'],
  args: { min: 2, max: 2 },
  usage: 'TOP message-number lines',
  handle(ctx, [number = '', count = '']) {
    const entry = ctx.state.maildrop.lookupReadable(number);
    if (!/^[0-9]+$/.test(count)) {
      throw new Pop3CommandError('SYNTAX', `line count must be a non-negative number, got "${printable(count)}"`);
    }
    const bodyLines = count.length > 10 ? MAX_TOP_LINES : Math.min(Number(count), MAX_TOP_LINES);
    return { text: `top of message ${entry.number} follows`, content: topLines(entry.message.raw, bodyLines) };
  },
});
