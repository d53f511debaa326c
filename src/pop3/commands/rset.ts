import { defineCommand } from '../command.js';
import { wirePlural } from '../../text/plural.js';

/** RSET (RFC 1939 5): unmarks this session's deletions (and, like Dovecot, its pending \Seen). */
export const rset = defineCommand({
  name: 'RSET',
  states: ['transaction'],
  args: { min: 0, max: 0 },
  usage: 'RSET',
  handle(ctx) {
    const { maildrop } = ctx.state;
    maildrop.reset();
    const { count, size } = maildrop.stat();
    return { text: `maildrop has ${wirePlural(count, 'message')} (${wirePlural(size, 'octet')})` };
  },
});
