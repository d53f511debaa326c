import type { SmtpState } from '../command.js';
import { reply, type SmtpReply } from '../reply.js';
import { NEED_MAIL, NEEDS_EHLO, SEND_HELO_FIRST } from './replies.js';

/** Why the session cannot take a message now (DATA, or BDAT when `chunked`), or undefined when it can. */
export function notReadyForMessage(state: SmtpState, chunked: boolean): SmtpReply | undefined {
  if (state.kind !== 'greeted') return SEND_HELO_FIRST;
  // BDAT is an extension (RFC 3030): usable after EHLO only.
  if (chunked && !state.extended) return NEEDS_EHLO;
  if (!state.transaction) return NEED_MAIL;
  // RFC 2920 3.1: when every RCPT of a pipelined group failed, DATA is answered 554.
  if (state.transaction.recipients.length === 0) return reply(554, '5.5.1', 'Error: no valid recipients');
  return undefined;
}
