import { deriveProfile, type ServerProfile } from './profile.js';
import { STANDARD_PROFILE } from './standard.js';

/**
 * Outlook.com (consumer). Microsoft documents its ports and that POP and IMAP are off until the
 * user turns them on ("POP, IMAP, and SMTP settings for Outlook.com"); mailsim's account has them
 * on. Its IMAP folder names, capabilities and saving of sent mail are observed only, in public
 * client code and captures; Microsoft does not document them. POP is plain RFC 1939 (no Gmail-like
 * "download once" rule is documented). Its "Let apps and devices delete messages from Outlook"
 * option is not modelled: its current default and effect are not documented.
 */
export const OUTLOOK_PROFILE: ServerProfile = deriveProfile(STANDARD_PROFILE, {
  name: 'outlook',
  description: 'Outlook.com: Sent Items, Deleted Items, Junk Email, Archive; sent mail filed by the server',
  // Observed after login on outlook.office365.com: IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR
  // UIDPLUS MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+ (plus Microsoft's own). SPECIAL-USE
  // is not advertised (imapclient #419: "Outlook doesn't have it"), yet LIST carries \Sent,
  // \Trash, ... as mailsim's LIST always does.
  off: STANDARD_PROFILE.imapExtensions.filter((id) => !['SASL-IR', 'UIDPLUS', 'MOVE', 'ID', 'UNSELECT', 'CHILDREN', 'IDLE', 'NAMESPACE', 'LITERAL+', 'AUTH=PLAIN'].includes(id)),
  // Exchange Online naming, as in public test fixtures modelled on it (observed, not documented).
  folders: [
    { name: 'Archive', specialUse: '\\Archive' },
    { name: 'Deleted Items', specialUse: '\\Trash' },
    { name: 'Drafts', specialUse: '\\Drafts' },
    { name: 'Junk Email', specialUse: '\\Junk' },
    { name: 'Notes' },
    { name: 'Outbox' },
    { name: 'Sent Items', specialUse: '\\Sent' },
  ],
  // K-9's maintainer (thunderbird-android #7134): "Outlook is saving a copy of sent messages automatically."
  savesSent: true,
});
