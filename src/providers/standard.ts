import type { ServerProfile } from './profile.js';

/**
 * The standard server: what Dovecot 2.3 offers after login, plus what it lacks (IMAP4rev2, ...),
 * less LOGIN-REFERRALS and URL-PARTIAL/URLAUTH, which need a second server.
 */
export const STANDARD_PROFILE: ServerProfile = {
  name: 'standard',
  description: 'a standards-complete IMAP server, like Dovecot',
  imapExtensions: [
    'SASL-IR',
    'ID',
    'ENABLE',
    'IDLE',
    'SORT',
    'SORT=DISPLAY',
    'THREAD=REFERENCES',
    'THREAD=REFS',
    'THREAD=ORDEREDSUBJECT',
    'UNSELECT',
    'CHILDREN',
    'NAMESPACE',
    'UIDPLUS',
    'LIST-EXTENDED',
    'I18NLEVEL=1',
    'CONDSTORE',
    'ESEARCH',
    'ESORT',
    'SEARCHRES',
    'WITHIN',
    'CONTEXT=SEARCH',
    'CONTEXT=SORT',
    'LIST-STATUS',
    'BINARY',
    'MOVE',
    'STATUS=SIZE',
    'LITERAL+',
    'SPECIAL-USE',
    'CREATE-SPECIAL-USE',
    'APPENDLIMIT',
    'PARTIAL',
    'UNAUTHENTICATE',
    'COMPRESS=DEFLATE',
    'AUTH=PLAIN',
  ],
  // As the literal limit (syntax/limits.ts MAX_LITERAL_SIZE): 50 MiB.
  appendLimit: 50 * 1024 * 1024,
};
