import { defineExtension } from './extension.js';

/** CHILDREN (RFC 3348): LIST marks mailboxes \HasChildren or \HasNoChildren. */
export const children = defineExtension({
  id: 'CHILDREN',
  rfc: 'RFC 3348',
  title: 'child mailbox attributes',
  capabilities: ['CHILDREN'],
  options: ['LIST \\HasChildren \\HasNoChildren'],
});
