import { cancelUpdate } from '../commands/cancelupdate.js';
import { defineExtension } from './extension.js';

/** CONTEXT=SEARCH (RFC 5267 4): SEARCH RETURN (UPDATE) keeps the result up to date with ADDTO/REMOVEFROM. */
export const contextSearch = defineExtension({
  id: 'CONTEXT=SEARCH',
  rfc: 'RFC 5267',
  title: 'search results kept up to date',
  capabilities: ['CONTEXT=SEARCH'],
  requires: ['ESEARCH'],
  commands: [cancelUpdate],
  options: ['SEARCH RETURN (UPDATE)', 'SEARCH RETURN (CONTEXT)'],
});
