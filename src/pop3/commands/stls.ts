import { defineCommand } from '../command.js';
import { Pop3CommandError } from '../errors.js';

/**
 * STLS (RFC 2595 4): only in AUTHORIZATION; after the +OK the client starts the TLS handshake on
 * the same connection, and whatever it sent behind STLS in plaintext is dropped. After the
 * handshake the client asks CAPA again (STLS no longer listed).
 */
export const stls = defineCommand({
  name: 'STLS',
  states: ['authorization'],
  args: { min: 0, max: 0 },
  usage: 'STLS',
  handle(ctx) {
    if (ctx.transport.secure) throw new Pop3CommandError('WRONG_STATE', 'TLS is already active');
    if (!ctx.transport.canStartTls) throw new Pop3CommandError('UNKNOWN_COMMAND', 'STLS is not offered: this server was started without TLS');
    return { text: 'Begin TLS negotiation now', startTlsAfter: true };
  },
});
