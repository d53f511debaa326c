import { defineExtension } from './extension.js';

/** MULTIAPPEND (RFC 3502): several messages in one APPEND, stored all together or not at all. */
export const multiAppend = defineExtension({ id: 'MULTIAPPEND', rfc: 'RFC 3502', title: 'several messages in one APPEND', capabilities: ['MULTIAPPEND'], options: ['APPEND mailbox msg msg ...'] });
