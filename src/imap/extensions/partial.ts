import { defineExtension } from './extension.js';

/** PARTIAL (RFC 9394): RETURN (PARTIAL 1:100) or (PARTIAL -1:-100), one page of a SEARCH or SORT result. */
export const partial = defineExtension({
  id: 'PARTIAL',
  rfc: 'RFC 9394',
  title: 'paged search results',
  capabilities: ['PARTIAL'],
  requires: ['ESEARCH'],
  options: ['SEARCH RETURN (PARTIAL n:m)', 'SORT RETURN (PARTIAL n:m)'],
});
