import { notDocumented, type ClientProfile } from './types.js';

/**
 * The Gmail app on Android, with a non-Gmail IMAP or POP3 account. Google's help pages describe the
 * Gmail service (its POP and IMAP settings), not the app's defaults for other accounts, and the app
 * is closed source: every value here is "not documented", so the device behaves like mailsim's
 * neutral client. The profile exists so a scenario can name the app and say so honestly.
 */
const SEARCHED = 'Google Gmail Help "Add other email accounts" / sync settings';

export const gmailApp: ClientProfile = {
  name: 'gmail-app',
  label: 'Gmail app (Android, other accounts)',
  summary: 'Google documents none of the app\'s defaults for non-Gmail accounts; mailsim uses its neutral client.',
  pop3: {
    security: notDocumented('connection security when adding another account: Gmail Help'),
    leaveOnServer: notDocumented(`${SEARCHED}: "Delete email from server" default`),
    checkEvery: notDocumented(`${SEARCHED}: "Sync frequency" default`),
  },
  imap: {
    security: notDocumented('connection security when adding another account: Gmail Help'),
    checkEvery: notDocumented(`${SEARCHED}: "Sync frequency" default`),
    push: notDocumented(`${SEARCHED}: push for IMAP accounts`),
    folders: notDocumented(`${SEARCHED}: folders to sync`),
  },
};
