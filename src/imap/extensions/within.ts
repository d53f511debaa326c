import { defineExtension } from './extension.js';

/** WITHIN (RFC 5032): SEARCH OLDER n and YOUNGER n, seconds before now on the server's (virtual) clock. */
export const within = defineExtension({ id: 'WITHIN', rfc: 'RFC 5032', title: 'relative dates in SEARCH', capabilities: ['WITHIN'], options: ['SEARCH OLDER n', 'SEARCH YOUNGER n'] });
