import { deriveProfile, type LabelRules, type PoppedOnceRules, type ServerProfile } from '../profile.js';
import { STANDARD_PROFILE } from '../standard.js';
import { GmailLabels } from './labels.js';

/**
 * The Gmail settings an account can change, named as the Gmail API names them (`ImapSettings`,
 * `PopSettings`). Where Google documents no default, the default here is mailsim's choice, said so.
 */
export interface GmailSettings {
  /**
   * PopSettings.accessWindow. Google documents no default (its help pages tell the user to
   * "Enable POP"); mailsim's account has POP on for all mail, as after following them.
   */
  readonly accessWindow?: PoppedOnceRules['accessWindow'];
  /** PopSettings.disposition. No documented default; mailsim uses the first option of the settings screen, "keep Gmail's copy in the Inbox". */
  readonly disposition?: PoppedOnceRules['disposition'];
  /** ImapSettings.autoExpunge. Default true: the settings screen marks "Auto-Expunge on" "(default)" (as transcribed by third parties). */
  readonly autoExpunge?: boolean;
  /** ImapSettings.expungeBehavior. Default archive: "Archive the message (default)" (same transcriptions). */
  readonly expungeBehavior?: LabelRules['expungeBehavior'];
}

/** "In POP normal mode, Gmail provides a list of about 250 of the oldest messages that have not yet been downloaded." */
export const GMAIL_POP_BATCH_CONVERSATIONS = 250;
/** "In POP recent mode, Gmail will present all messages from All Mail ... from the last 30 days." */
export const GMAIL_RECENT_DAYS = 30;

/**
 * Gmail (consumer), as Google documents it and as its servers are seen to answer. Folders: the
 * LIST transcript on Google's "IMAP Extensions" page. Capabilities after login: the list observed
 * from imap.gmail.com in many public captures (not documented by Google), less what mailsim does
 * not implement (QUOTA, XLIST, X-GM-EXT-1, UTF8=ACCEPT). APPENDLIMIT=35651584 likewise observed.
 */
export function gmailProfile(settings: GmailSettings = {}): ServerProfile {
  const labels: LabelRules = { autoExpunge: settings.autoExpunge ?? true, expungeBehavior: settings.expungeBehavior ?? 'archive' };
  const pop3: PoppedOnceRules = {
    kind: 'popped-once',
    accessWindow: settings.accessWindow ?? 'allMail',
    disposition: settings.disposition ?? 'leaveInInbox',
    batchConversations: GMAIL_POP_BATCH_CONVERSATIONS,
    recentPrefix: 'recent:',
    recentDays: GMAIL_RECENT_DAYS,
  };
  const observed = ['UNSELECT', 'IDLE', 'NAMESPACE', 'ID', 'CHILDREN', 'UIDPLUS', 'COMPRESS=DEFLATE', 'ENABLE', 'MOVE', 'CONDSTORE', 'ESEARCH', 'LIST-EXTENDED', 'LIST-STATUS', 'LITERAL-', 'SPECIAL-USE', 'APPENDLIMIT', 'SASL-IR', 'AUTH=PLAIN'];
  return deriveProfile(STANDARD_PROFILE, {
    name: 'gmail',
    description: 'Gmail: labels are folders, [Gmail]/All Mail, POP downloads each message once per account',
    off: STANDARD_PROFILE.imapExtensions.filter((id) => !observed.includes(id)),
    on: observed,
    appendLimit: 35_651_584,
    // Google, "IMAP Extensions", LIST transcript: "[Gmail]" is \Noselect \HasChildren, then
    // All Mail \All, Drafts \Drafts, Important \Important, Sent Mail \Sent, Spam \Junk,
    // Starred \Flagged, Trash \Trash. INBOX has no special use.
    folders: [
      { name: '[Gmail]/All Mail', specialUse: '\\All' },
      { name: '[Gmail]/Drafts', specialUse: '\\Drafts' },
      { name: '[Gmail]/Important', specialUse: '\\Important' },
      { name: '[Gmail]/Sent Mail', specialUse: '\\Sent' },
      { name: '[Gmail]/Spam', specialUse: '\\Junk' },
      { name: '[Gmail]/Starred', specialUse: '\\Flagged' },
      { name: '[Gmail]/Trash', specialUse: '\\Trash' },
    ],
    noselectParents: ['[Gmail]'],
    labels,
    pop3,
    // "If your client is sending mail through Gmail's SMTP server, your sent messages will be
    // automatically copied to the [Gmail]/Sent Mail folder" (Recommended IMAP client settings).
    savesSent: true,
    rules: (account, clock) => new GmailLabels(account, labels, pop3, clock),
  });
}
