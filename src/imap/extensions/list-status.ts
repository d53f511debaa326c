import { defineExtension } from './extension.js';

/** LIST-STATUS (RFC 5819): LIST ... RETURN (STATUS (...)) answers STATUS for every listed mailbox. */
export const listStatus = defineExtension({
  id: 'LIST-STATUS',
  rfc: 'RFC 5819',
  title: 'STATUS in LIST',
  capabilities: ['LIST-STATUS'],
  requires: ['LIST-EXTENDED'],
  options: ['LIST RETURN (STATUS (...))'],
});
