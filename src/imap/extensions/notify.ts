import { notify as notifyCommand } from '../commands/notify.js';
import { defineExtension } from './extension.js';

/** NOTIFY (RFC 5465): STATUS of other mailboxes pushed as they change (MessageNew, MessageExpunge, FlagChange). */
export const notify = defineExtension({
  id: 'NOTIFY',
  rfc: 'RFC 5465',
  title: 'notifications about other mailboxes',
  capabilities: ['NOTIFY'],
  commands: [notifyCommand],
  options: ['NOTIFY SET [STATUS] (filter (events))', 'NOTIFY NONE'],
});
