import { thread } from '../commands/thread.js';
import { defineExtension } from './extension.js';

/**
 * THREAD=REFS (draft-ietf-morg-inthread, as Dovecot offers it): REFERENCES threading without the
 * merge by base subject, threads ordered by their newest message.
 */
export const threadRefs = defineExtension({
  id: 'THREAD=REFS',
  rfc: 'draft-ietf-morg-inthread',
  title: 'threading by references only',
  capabilities: ['THREAD=REFS'],
  commands: [thread],
  options: ['THREAD REFS'],
});
