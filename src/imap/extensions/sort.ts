import { sort as sortCommand } from '../commands/sort.js';
import { defineExtension } from './extension.js';

/** SORT (RFC 5256 3): the server sorts by ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, REVERSE. */
export const sort = defineExtension({ id: 'SORT', rfc: 'RFC 5256', title: 'server-side sorting', capabilities: ['SORT'], commands: [sortCommand], options: ['UID SORT'] });
