import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';

/** EXPN (RFC 5321 3.5.2): mailing lists are not expanded here. */
export const expn: SmtpCommand = { name: 'EXPN', beforeHello: true, handle: (ctx) => ctx.send(reply(502, '5.5.1', 'Error: EXPN is not implemented')) };
