import { defineExtension } from './extension.js';

/** STATUS=SIZE (RFC 8438): STATUS (SIZE) is the mailbox's total size in octets. */
export const statusSize = defineExtension({ id: 'STATUS=SIZE', rfc: 'RFC 8438', title: 'STATUS SIZE', capabilities: ['STATUS=SIZE'], options: ['STATUS (SIZE)'] });
