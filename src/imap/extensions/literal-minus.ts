import { defineExtension } from './extension.js';

/** RFC 7888 4: LITERAL- allows non-synchronizing literals of at most this many octets. */
export const LITERAL_MINUS_MAX = 4096;

/**
 * LITERAL- (RFC 7888): non-synchronizing literals of at most 4096 octets; a larger `{n+}` is read,
 * thrown away and answered BAD [TOOBIG]. A server offers LITERAL+ or LITERAL-, never both.
 */
export const literalMinus = defineExtension({
  id: 'LITERAL-',
  rfc: 'RFC 7888',
  title: 'non-synchronizing literals up to 4096 octets',
  capabilities: ['LITERAL-'],
  excludes: ['LITERAL+'],
  options: ['any command: {n+} literals of at most 4096 octets'],
});
