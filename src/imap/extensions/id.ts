import { id as idCommand } from '../commands/id.js';
import { defineExtension } from './extension.js';

/** ID (RFC 2971): client and server tell each other their names and versions. */
export const id = defineExtension({ id: 'ID', rfc: 'RFC 2971', title: 'client and server identification', capabilities: ['ID'], commands: [idCommand] });
