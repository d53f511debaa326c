import { defineCommand } from '../command.js';
import { Pop3CommandError } from '../errors.js';
import { wirePlural } from '../../text/plural.js';

/**
 * QUIT (RFC 1939 6). Before login it just says goodbye. After login the session enters UPDATE:
 * marked messages leave the maildrop and retrieved ones get \Seen (or what the account's provider
 * does instead: Gmail pops them), attributed to "pop3 <address>".
 * This is the only place a POP3 session changes the store.
 */
export const quit = defineCommand({
  name: 'QUIT',
  states: ['authorization', 'transaction'],
  args: { min: 0, max: 0 },
  usage: 'QUIT',
  handle(ctx) {
    const state = ctx.state;
    if (state.kind === 'authorization') return { text: 'mailsim POP3 server signing off', closeAfter: true };
    let deleted: number;
    try {
      deleted = state.maildrop.commit({ label: `pop3 ${state.account.address}`, token: ctx.session });
    } catch {
      // RFC 1939 6 wording; the connection still closes and the lock is released.
      throw new Pop3CommandError('INTERNAL', 'some deleted messages not removed', true);
    }
    return { text: `mailsim POP3 server signing off (${wirePlural(deleted, 'message')} deleted)`, closeAfter: true };
  },
});
