import { enable as enableCommand } from '../commands/enable.js';
import { defineExtension } from './extension.js';

/** ENABLE (RFC 5161): the client turns on extensions that change how the server answers. */
export const enable = defineExtension({ id: 'ENABLE', rfc: 'RFC 5161', title: 'ENABLE', capabilities: ['ENABLE'], commands: [enableCommand] });
