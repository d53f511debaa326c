import { defineExtension } from './extension.js';

/** CONDSTORE (RFC 7162 3.1): per-message mod-sequences, CHANGEDSINCE and UNCHANGEDSINCE. */
export const condstore = defineExtension({
  id: 'CONDSTORE',
  rfc: 'RFC 7162',
  title: 'conditional STORE and mod-sequences',
  capabilities: ['CONDSTORE'],
  enable: ['CONDSTORE'],
  options: [
    'SELECT (CONDSTORE)',
    'SELECT [HIGHESTMODSEQ]',
    'FETCH MODSEQ',
    'FETCH (CHANGEDSINCE n)',
    'STORE (UNCHANGEDSINCE n)',
    'SEARCH MODSEQ',
    'STATUS (HIGHESTMODSEQ)',
  ],
});
