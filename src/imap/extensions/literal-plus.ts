import { defineExtension } from './extension.js';

/**
 * LITERAL+ (RFC 7888): non-synchronizing literals `{n+}` of any size (up to the literal limit),
 * sent without waiting for "+". Turned off, a `{n+}` literal is refused with BAD after its
 * octets are read and thrown away, as RFC 7888 4 asks of a server that does not offer it.
 */
export const literalPlus = defineExtension({
  id: 'LITERAL+',
  rfc: 'RFC 7888',
  title: 'non-synchronizing literals',
  capabilities: ['LITERAL+'],
  excludes: ['LITERAL-'],
  options: ['any command: {n+} literals'],
});
