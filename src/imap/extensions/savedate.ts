import { defineExtension } from './extension.js';

/** SAVEDATE (RFC 8514): when a message was saved in its mailbox (FETCH SAVEDATE, SEARCH SAVED*). */
export const saveDate = defineExtension({
  id: 'SAVEDATE',
  rfc: 'RFC 8514',
  title: 'save dates',
  capabilities: ['SAVEDATE'],
  options: ['FETCH SAVEDATE', 'SEARCH SAVEDBEFORE SAVEDON SAVEDSINCE SAVEDATESUPPORTED'],
});
