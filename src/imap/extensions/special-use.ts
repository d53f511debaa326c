import { defineExtension } from './extension.js';

/** SPECIAL-USE (RFC 6154): LIST marks Sent, Drafts, Trash, Archive and Junk with their use. */
export const specialUse = defineExtension({
  id: 'SPECIAL-USE',
  rfc: 'RFC 6154',
  title: 'special-use mailboxes',
  capabilities: ['SPECIAL-USE'],
  options: ['LIST \\Sent \\Drafts \\Trash \\Archive \\Junk', 'LIST (SPECIAL-USE)', 'LIST RETURN (SPECIAL-USE)'],
});
