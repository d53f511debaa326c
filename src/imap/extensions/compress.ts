import { compress as compressCommand } from '../commands/compress.js';
import { defineExtension } from './extension.js';

/** COMPRESS=DEFLATE (RFC 4978): the connection compressed both ways with node's zlib. */
export const compress = defineExtension({ id: 'COMPRESS=DEFLATE', rfc: 'RFC 4978', title: 'DEFLATE compression', capabilities: ['COMPRESS=DEFLATE'], commands: [compressCommand] });
