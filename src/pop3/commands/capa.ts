import { defineCommand } from '../command.js';

/**
 * What CAPA announces (RFC 2449 6). AUTH-RESP-CODE is RFC 3206's [AUTH]/[SYS/...] codes. No SASL
 * and no STLS: mailsim listens on 127.0.0.1 only and exists to show sync behaviour, not security.
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
  handle() {
    return { text: 'capability list follows', lines: CAPABILITIES };
  },
});
