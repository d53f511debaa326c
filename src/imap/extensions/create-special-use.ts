import { defineExtension } from './extension.js';

/** CREATE-SPECIAL-USE (RFC 6154 3): `CREATE name (USE (\Sent))` makes a mailbox with a special use. */
export const createSpecialUse = defineExtension({
  id: 'CREATE-SPECIAL-USE',
  rfc: 'RFC 6154',
  title: 'CREATE with a special use',
  capabilities: ['CREATE-SPECIAL-USE'],
  requires: ['SPECIAL-USE'],
  options: ['CREATE name (USE (\\Sent))'],
});
