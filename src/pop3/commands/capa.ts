import { defineCommand } from '../command.js';

/**
 * What CAPA announces (RFC 2449 6). AUTH-RESP-CODE is RFC 3206's [AUTH]/[SYS/...] codes. No SASL.
 * STLS (RFC 2595 4) is added while the connection can still upgrade; USER is left out while the
 * server refuses plaintext logins (RFC 2449 6.8: USER means USER/PASS can be used now).
 */
export const CAPABILITIES: readonly string[] = [
  'TOP',
  'USER',
  'UIDL',
  'RESP-CODES',
  'PIPELINING',
  'AUTH-RESP-CODE',
  'IMPLEMENTATION mailsim',
];

/** CAPA (RFC 2449 5): valid in AUTHORIZATION and TRANSACTION. */
export const capa = defineCommand({
  name: 'CAPA',
  states: ['authorization', 'transaction'],
  args: { min: 0, max: 0 },
  usage: 'CAPA',
  handle(ctx) {
    const { transport } = ctx;
    const lines = CAPABILITIES.filter((capability) => capability !== 'USER' || !transport.loginDisabled);
    return { text: 'capability list follows', lines: transport.canStartTls ? [...lines, 'STLS'] : lines };
  },
});
