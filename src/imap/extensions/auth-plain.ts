import { defineExtension } from './extension.js';

/** AUTH=PLAIN (RFC 4616): the PLAIN SASL mechanism for AUTHENTICATE. */
export const authPlain = defineExtension({
  id: 'AUTH=PLAIN',
  rfc: 'RFC 4616',
  title: 'AUTHENTICATE PLAIN',
  capabilities: ['AUTH=PLAIN'],
  options: ['AUTHENTICATE PLAIN'],
});
