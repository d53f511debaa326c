import type { SmtpCommand, SmtpContext } from '../command.js';
import { reply, type SmtpReply } from '../reply.js';
import { NEEDS_EHLO } from './replies.js';

/** AUTH <mechanism> [initial-response] (RFC 4954 4), PLAIN (RFC 4616) or LOGIN. */
export const auth: SmtpCommand = {
  name: 'AUTH',
  beforeHello: false,
  handle(ctx, args) {
    const [word = '', initial, ...rest] = args.trim().split(/ +/);
    const upper = word.toUpperCase();
    const mechanism = upper === 'PLAIN' || upper === 'LOGIN' ? upper : undefined;
    const refused = refusal(ctx, mechanism, rest.length > 0);
    if (refused || mechanism === undefined) {
      ctx.expectSaslLine();
      return ctx.send(refused ?? UNRECOGNIZED);
    }
    if (initial !== undefined) return ctx.saslAnswer({ mechanism }, initial);
    ctx.awaitSasl({ mechanism });
    // RFC 4954 4: an empty challenge for PLAIN; LOGIN asks "Username:" (base64).
    ctx.send(reply(334, undefined, mechanism === 'PLAIN' ? '' : 'VXNlcm5hbWU6'));
  },
};

const UNRECOGNIZED = reply(504, '5.5.4', 'Error: unrecognized authentication type');

/** Why AUTH is refused before its exchange begins, or undefined. */
function refusal(ctx: SmtpContext, mechanism: 'PLAIN' | 'LOGIN' | undefined, extraWords: boolean): SmtpReply | undefined {
  const state = ctx.state;
  if (state.kind !== 'greeted' || !state.extended) return NEEDS_EHLO;
  if (state.user !== undefined) return reply(503, '5.5.1', 'Error: already authenticated');
  if (state.transaction) return reply(503, '5.5.1', 'Error: AUTH is not allowed during a mail transaction');
  if (ctx.tls?.required && !ctx.secure) return reply(538, '5.7.11', 'Error: encryption required; issue STARTTLS first');
  if (mechanism === undefined) return UNRECOGNIZED;
  if (extraWords) return reply(501, '5.5.4', 'Error: Syntax: AUTH mechanism [initial-response]');
  return undefined;
}
