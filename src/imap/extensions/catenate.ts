import { defineExtension } from './extension.js';

/**
 * CATENATE (RFC 4469): APPEND ... CATENATE (TEXT {n} URL "/INBOX;UIDVALIDITY=1/;UID=2/;SECTION=1")
 * builds a message from literals and sections of messages on this server; [BADURL] for a URL it
 * cannot read. URLAUTH and URLs of other servers are not offered.
 */
export const catenate = defineExtension({ id: 'CATENATE', rfc: 'RFC 4469', title: 'messages built from parts', capabilities: ['CATENATE'], options: ['APPEND mailbox CATENATE (TEXT {n} URL "...")'] });
