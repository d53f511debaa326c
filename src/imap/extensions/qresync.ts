import { defineExtension } from './extension.js';

/**
 * QRESYNC (RFC 7162 3.2): quick resynchronisation. After ENABLE QRESYNC, SELECT/EXAMINE take
 * (QRESYNC (uidvalidity modseq [known-uids [seq-match]])) and answer with what changed and
 * `* VANISHED (EARLIER)` for what was expunged; UID FETCH takes (CHANGEDSINCE n VANISHED);
 * expunges are reported as `* VANISHED uids`; SELECT of another mailbox says `* OK [CLOSED]`.
 */
export const qresync = defineExtension({
  id: 'QRESYNC',
  rfc: 'RFC 7162',
  title: 'quick mailbox resynchronisation',
  capabilities: ['QRESYNC'],
  enable: ['QRESYNC'],
  requires: ['CONDSTORE', 'ENABLE'],
  options: ['SELECT (QRESYNC (...))', 'UID FETCH (CHANGEDSINCE n VANISHED)', '* VANISHED', '* OK [CLOSED]'],
});
