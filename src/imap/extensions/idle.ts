import { idle as idleCommand } from '../commands/idle.js';
import { defineExtension } from './extension.js';

/** IDLE (RFC 2177): changes to the selected mailbox are pushed at once until the client says DONE. */
export const idle = defineExtension({ id: 'IDLE', rfc: 'RFC 2177', title: 'push of mailbox changes', capabilities: ['IDLE'], commands: [idleCommand] });
