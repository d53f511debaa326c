import { thread } from '../commands/thread.js';
import { defineExtension } from './extension.js';

/** THREAD=ORDEREDSUBJECT (RFC 5256 4): threads of messages with the same base subject. */
export const threadOrderedSubject = defineExtension({
  id: 'THREAD=ORDEREDSUBJECT',
  rfc: 'RFC 5256',
  title: 'threading by subject',
  capabilities: ['THREAD=ORDEREDSUBJECT'],
  commands: [thread],
  options: ['THREAD ORDEREDSUBJECT'],
});
