import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';

/** RSET (RFC 5321 4.1.1.5): the mail transaction is dropped; the greeting and a login stay. */
export const rset: SmtpCommand = {
  name: 'RSET',
  beforeHello: true,
  handle(ctx) {
    ctx.dropTransaction();
    ctx.send(reply(250, '2.0.0', 'Flushed'));
  },
};
