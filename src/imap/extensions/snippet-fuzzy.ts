import { defineExtension } from './extension.js';

/** SNIPPET=FUZZY (the draft before PREVIEW, as Dovecot): FETCH SNIPPET (FUZZY) -> SNIPPET (FUZZY "text"). */
export const snippetFuzzy = defineExtension({
  id: 'SNIPPET=FUZZY',
  rfc: 'draft-ietf-extra-imap-fetch-snippet',
  title: 'message snippets, draft syntax',
  capabilities: ['SNIPPET=FUZZY'],
  options: ['FETCH SNIPPET (FUZZY)'],
});
