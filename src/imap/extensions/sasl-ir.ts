import { defineExtension } from './extension.js';

/** SASL-IR (RFC 4959): AUTHENTICATE PLAIN with its initial response on the command line. */
export const saslIr = defineExtension({
  id: 'SASL-IR',
  rfc: 'RFC 4959',
  title: 'SASL initial response',
  capabilities: ['SASL-IR'],
  options: ['AUTHENTICATE mechanism initial-response'],
});
