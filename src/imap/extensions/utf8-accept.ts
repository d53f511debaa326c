import { defineExtension } from './extension.js';

/**
 * UTF8=ACCEPT (RFC 6855): after ENABLE UTF8=ACCEPT, mailbox names travel as UTF-8 (no modified
 * UTF-7) in both directions, quoted strings may hold UTF-8, and APPEND takes UTF8 (~{n}).
 */
export const utf8Accept = defineExtension({
  id: 'UTF8=ACCEPT',
  rfc: 'RFC 6855',
  title: 'UTF-8 mailbox names and headers',
  capabilities: ['UTF8=ACCEPT'],
  enable: ['UTF8=ACCEPT'],
  requires: ['ENABLE'],
  options: ['ENABLE UTF8=ACCEPT', 'APPEND mailbox UTF8 (~{n})'],
});
