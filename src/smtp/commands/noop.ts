import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';

/** NOOP (RFC 5321 4.1.1.9). */
export const noop: SmtpCommand = { name: 'NOOP', beforeHello: true, handle: (ctx) => ctx.send(reply(250, '2.0.0', 'OK')) };
