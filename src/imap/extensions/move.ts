import { move as moveCommand } from '../commands/move.js';
import { defineExtension } from './extension.js';

/** MOVE (RFC 6851): COPY and expunge the originals as one command. */
export const move = defineExtension({ id: 'MOVE', rfc: 'RFC 6851', title: 'MOVE', capabilities: ['MOVE'], commands: [moveCommand] });
