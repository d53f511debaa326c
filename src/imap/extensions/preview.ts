import { defineExtension } from './extension.js';

/** PREVIEW (RFC 8970): FETCH PREVIEW [(LAZY)], a plain-text preview of at most 256 characters. */
export const preview = defineExtension({ id: 'PREVIEW', rfc: 'RFC 8970', title: 'message previews', capabilities: ['PREVIEW'], options: ['FETCH PREVIEW', 'FETCH PREVIEW (LAZY)'] });
