import { unauthenticate as unauthenticateCommand } from '../commands/unauthenticate.js';
import { defineExtension } from './extension.js';

/** UNAUTHENTICATE (RFC 8437): log out without closing the connection, then log in again. */
export const unauthenticate = defineExtension({
  id: 'UNAUTHENTICATE',
  rfc: 'RFC 8437',
  title: 'UNAUTHENTICATE',
  capabilities: ['UNAUTHENTICATE'],
  commands: [unauthenticateCommand],
});
