import { notDocumented, sourced, type ClientProfile } from './types.js';

/** Mail on macOS. Apple's help describes the options; it states few defaults. */
export const appleMail: ClientProfile = {
  name: 'apple-mail',
  label: 'Apple Mail (macOS)',
  summary: 'POP3 keeps mail on the server unless told to remove it; IMAP keeps a copy of every message and its attachments; deleted mail goes to Trash.',
  pop3: {
    security: notDocumented('connection security of a new account: Apple Mail help'),
    // "The messages remain on the mail server unless you specify that they should be removed."
    leaveOnServer: sourced(true, 'Apple, Mail Help "What is POP mail?": "The messages remain on the mail server unless you specify that they should be removed." http://docs.info.apple.com/article.html?path=Mail/2.0/en/ml943.html'),
    deleteAfterDays: notDocumented('the "Remove copy from server after retrieving a message" pop-up default: Apple Mail help'),
    checkEvery: notDocumented('"Check for new messages" default: Apple Mail help'),
    headersOnly: notDocumented('POP3 download of large messages: Apple Mail help'),
  },
  imap: {
    security: notDocumented('connection security of a new account: Apple Mail help'),
    // "retain the default selection ("All messages and their attachments")"
    download: sourced('full', 'Apple Mail Help, Advanced pane: "It\'s recommended that you retain the default selection ("All messages and their attachments")"'),
    // "If you deselect this option, deleted messages may temporarily remain in the mailbox, but are hidden or dimmed."
    deleteModel: sourced('trash', 'Apple, "Mail (Yosemite): Mailbox Behaviors preferences", Move deleted messages to the Trash mailbox: "If you deselect this option, deleted messages may temporarily remain in the mailbox" https://support.apple.com/kb/PH19203'),
    checkEvery: notDocumented('"Check for new messages: Automatically" interval: Apple Mail help'),
    push: notDocumented('IMAP IDLE in macOS Mail: Apple Mail help'),
    folders: notDocumented('which IMAP mailboxes macOS Mail checks for new mail'),
  },
};
