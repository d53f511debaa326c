import { unselect as unselectCommand } from '../commands/close.js';
import { defineExtension } from './extension.js';

/** UNSELECT (RFC 3691): leave the selected mailbox without expunging. */
export const unselect = defineExtension({ id: 'UNSELECT', rfc: 'RFC 3691', title: 'UNSELECT', capabilities: ['UNSELECT'], commands: [unselectCommand] });
