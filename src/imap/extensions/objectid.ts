import { defineExtension } from './extension.js';

/**
 * OBJECTID (RFC 8474): MAILBOXID on SELECT, EXAMINE, CREATE and STATUS; EMAILID and THREADID fetch
 * items and search keys. Ids are derived from stored data, so the same run prints the same ids.
 */
export const objectId = defineExtension({
  id: 'OBJECTID',
  rfc: 'RFC 8474',
  title: 'stable object ids',
  capabilities: ['OBJECTID'],
  options: ['SELECT [MAILBOXID]', 'CREATE [MAILBOXID]', 'STATUS (MAILBOXID)', 'FETCH EMAILID THREADID', 'SEARCH EMAILID THREADID'],
});
