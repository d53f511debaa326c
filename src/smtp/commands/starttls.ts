import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';
import { NEEDS_EHLO } from './replies.js';

/** STARTTLS (RFC 3207): 220, then the TLS handshake; the session starts afresh over TLS. */
export const starttls: SmtpCommand = {
  name: 'STARTTLS',
  beforeHello: false,
  handle(ctx, args) {
    if (!ctx.tls) return ctx.send(reply(502, '5.5.1', 'Error: STARTTLS is not offered on this port'));
    if (ctx.secure) return ctx.send(reply(503, '5.5.1', 'Error: TLS already active'));
    if (ctx.state.kind !== 'greeted' || !ctx.state.extended) return ctx.send(NEEDS_EHLO);
    if (args.trim() !== '') return ctx.refuse(reply(501, '5.5.4', 'Error: Syntax: STARTTLS'));
    ctx.send(reply(220, '2.0.0', 'Ready to start TLS'));
    ctx.startTls();
  },
};
