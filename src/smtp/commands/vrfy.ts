import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';

/** VRFY (RFC 5321 3.5.3): a server that will not verify says so with 252 and still takes mail. */
export const vrfy: SmtpCommand = {
  name: 'VRFY',
  beforeHello: true,
  handle(ctx, args) {
    if (args.trim() === '') return ctx.refuse(reply(501, '5.5.4', 'Error: Syntax: VRFY address'));
    ctx.send(reply(252, '2.5.0', 'Cannot VRFY user, but will accept message and attempt delivery'));
  },
};
