import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';

/** QUIT (RFC 5321 4.1.1.10): 221, then the close. */
export const quit: SmtpCommand = {
  name: 'QUIT',
  beforeHello: true,
  handle(ctx) {
    ctx.send(reply(221, '2.0.0', 'Bye'));
    ctx.close();
  },
};
