import { notDocumented, sourced, type ClientProfile } from './types.js';

/** Mail on iPhone and iPad. */
const FETCH = 'Apple, "iPhone How-To: Fetch New Data": push is for MobileMe, Microsoft Exchange, Yahoo! Mail and other push accounts; "with accounts that don\'t support push, data can still be fetched" http://www.apple.com/iphone/how-to/content/settings/fetch-new-data.html';

export const iosMail: ClientProfile = {
  name: 'ios-mail',
  label: 'iOS Mail (iPhone, iPad)',
  summary: 'POP3 keeps mail on the server; an ordinary IMAP account is fetched, not pushed (Apple names Exchange, Yahoo! Mail and MobileMe as push accounts); its default fetch interval is not documented.',
  pop3: {
    security: notDocumented('"Use SSL" default of a new account: Apple iOS support pages'),
    // "The default setting on iPhone, iPad, and iPod touch for POP accounts is to keep mail on the server."
    leaveOnServer: sourced(true, 'Apple Support HT1668, "iOS: About the purging feature for POP email accounts": "The default setting on iPhone, iPad, and iPod touch for POP accounts is to keep mail on the server." http://support.apple.com/kb/HT1668'),
    deleteFromServerWhenDeleted: notDocumented('the POP "Delete from server" default (Never / after seven days / when removed from Inbox): Apple support'),
    checkEvery: notDocumented('the default Fetch interval: Apple support'),
  },
  imap: {
    security: notDocumented('"Use SSL" default of a new account: Apple iOS support pages'),
    // Ordinary IMAP accounts are not among the push accounts: they are fetched.
    push: sourced(false, FETCH),
    checkEvery: notDocumented('the default Fetch interval (every 15 minutes, 30 minutes, hourly, manually): Apple support'),
    deleteModel: notDocumented('the IMAP "Move discarded messages into" default: Apple support (only third-party pages say Trash)'),
    download: notDocumented('how much of a message iOS Mail downloads at a fetch: Apple support'),
    folders: notDocumented('which IMAP mailboxes iOS Mail fetches: Apple support'),
  },
};
