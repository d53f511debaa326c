import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';

/** HELP (RFC 5321 4.1.1.8). */
export const help: SmtpCommand = { name: 'HELP', beforeHello: true, handle: (ctx) => ctx.send(reply(214, '2.0.0', 'See https://tools.ietf.org/html/rfc5321 for details')) };
