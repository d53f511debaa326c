import { defineExtension } from './extension.js';

/** PREVIEW=FUZZY (draft-ietf-extra-imap-fetch-preview, as Dovecot): FETCH PREVIEW (FUZZY) -> PREVIEW (FUZZY "text"). */
export const previewFuzzy = defineExtension({
  id: 'PREVIEW=FUZZY',
  rfc: 'draft-ietf-extra-imap-fetch-preview',
  title: 'message previews, draft syntax',
  capabilities: ['PREVIEW=FUZZY'],
  options: ['FETCH PREVIEW (FUZZY)'],
});
