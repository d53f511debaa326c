import { cancelUpdate } from '../commands/cancelupdate.js';
import { defineExtension } from './extension.js';

/** CONTEXT=SORT (RFC 5267 4): SORT RETURN (UPDATE), with positions in the sorted list. */
export const contextSort = defineExtension({
  id: 'CONTEXT=SORT',
  rfc: 'RFC 5267',
  title: 'sort results kept up to date',
  capabilities: ['CONTEXT=SORT'],
  requires: ['ESORT'],
  commands: [cancelUpdate],
  options: ['SORT RETURN (UPDATE)'],
});
