import { defineCommand } from '../command.js';
import { bad } from '../errors.js';
import { parseNoArgs } from '../syntax/index.js';

/**
 * STARTTLS (RFC 3501 6.2.1, RFC 2595 3.1): after the tagged OK the client starts the TLS
 * handshake on the same connection; the connection drops whatever the client sent behind the
 * command, and after the handshake the session is as new, with a fresh CAPABILITY list (no
 * STARTTLS, no LOGINDISABLED). Refused when TLS is already on or the server has no certificate.
 */
export const starttls = defineCommand({
  name: 'STARTTLS',
  states: ['not-authenticated'],
  parse: (command) => parseNoArgs(command.args, 'STARTTLS'),
  handle(ctx) {
    const { transport } = ctx.session;
    if (transport.secure) throw bad('TLS is already active');
    if (!transport.startTls) throw bad('STARTTLS is not offered: this server was started without TLS');
    ctx.startTlsAfterReply();
    ctx.complete('Begin TLS negotiation now');
  },
});
