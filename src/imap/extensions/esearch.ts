import { defineExtension } from './extension.js';

/** ESEARCH (RFC 4731): SEARCH RETURN (MIN MAX ALL COUNT), answered as `* ESEARCH (TAG "a") ...`. */
export const esearch = defineExtension({ id: 'ESEARCH', rfc: 'RFC 4731', title: 'extended SEARCH results', capabilities: ['ESEARCH'], options: ['SEARCH RETURN (MIN MAX ALL COUNT)'] });
