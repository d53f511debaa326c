import { thread } from '../commands/thread.js';
import { defineExtension } from './extension.js';

/** THREAD=REFERENCES (RFC 5256 5): threads from Message-ID, References and In-Reply-To, merged by base subject. */
export const threadReferences = defineExtension({
  id: 'THREAD=REFERENCES',
  rfc: 'RFC 5256',
  title: 'threading by references',
  capabilities: ['THREAD=REFERENCES'],
  commands: [thread],
  options: ['THREAD REFERENCES', 'UID THREAD'],
});
