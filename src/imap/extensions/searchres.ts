import { defineExtension } from './extension.js';

/** SEARCHRES (RFC 5182): SEARCH RETURN (SAVE) keeps the result, which "$" then names in any set. */
export const searchres = defineExtension({
  id: 'SEARCHRES',
  rfc: 'RFC 5182',
  title: 'saved search results',
  capabilities: ['SEARCHRES'],
  requires: ['ESEARCH'],
  options: ['SEARCH RETURN (SAVE)', 'FETCH/STORE/COPY/MOVE/SEARCH $'],
});
