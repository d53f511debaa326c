import { defineExtension } from './extension.js';

/**
 * IMAP4rev2 (RFC 9051), next to IMAP4rev1 and turned on per session with ENABLE IMAP4rev2
 * (Appendix A): then no \Recent and no RECENT responses, SEARCH always answers ESEARCH, SELECT
 * sends a LIST response instead of [UNSEEN], mailbox names are UTF-8, STATUS has DELETED.
 * Everything rev2 folds into its base (ESEARCH, BINARY, MOVE, LIST-EXTENDED, ...) is its own
 * piece here and must be on.
 */
export const imap4rev2 = defineExtension({
  id: 'IMAP4rev2',
  rfc: 'RFC 9051',
  title: 'IMAP4rev2',
  capabilities: ['IMAP4rev2'],
  enable: ['IMAP4rev2'],
  requires: ['ENABLE', 'ESEARCH', 'SEARCHRES', 'BINARY', 'MOVE', 'UNSELECT', 'UIDPLUS', 'NAMESPACE', 'IDLE', 'LIST-EXTENDED', 'LIST-STATUS', 'SPECIAL-USE', 'STATUS=SIZE', 'CHILDREN', 'SASL-IR'],
  options: ['ENABLE IMAP4rev2', 'STATUS (DELETED)'],
});
