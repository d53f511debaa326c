import { defineExtension } from './extension.js';

/** ESORT (RFC 5267 3): SORT RETURN (MIN MAX ALL COUNT), MIN and MAX in sort order. */
export const esort = defineExtension({
  id: 'ESORT',
  rfc: 'RFC 5267',
  title: 'extended SORT results',
  capabilities: ['ESORT'],
  requires: ['SORT', 'ESEARCH'],
  options: ['SORT RETURN (MIN MAX ALL COUNT)'],
});
