import { notDocumented, sourced, type ClientProfile } from './types.js';

/**
 * Outlook (classic, for Windows). Microsoft documents the POP3 options and their meaning, but the
 * defaults of a new account only for Outlook 2002/2003 (POP3) and 98–2003 (IMAP); newer defaults
 * are not documented, so those values fall back to mailsim's neutral ones.
 */
const OPTIONS = 'Microsoft Learn, PROP_POP_LEAVE_ON_SERVER (Outlook 2013 and later): https://learn.microsoft.com/en-us/office/client-developer/outlook/auxiliary/prop_pop_leave_on_server';

export const outlook: ClientProfile = {
  name: 'outlook',
  label: 'Outlook (classic desktop)',
  summary: 'POP3 downloads and deletes (documented for Outlook 2002/2003); "remove when deleted" waits until Deleted Items is emptied; IMAP marks deleted mail for a later purge.',
  pop3: {
    security: notDocumented('"This server requires an encrypted connection (SSL/TLS)" default: Microsoft support pages'),
    // "by default POP3 e-mail accounts delete e-mail messages from the e-mail server when downloaded into Outlook."
    leaveOnServer: sourced(false, 'Microsoft Office Online, "Leave e-mail messages on your e-mail server" (Outlook 2002/2003): "by default POP3 e-mail accounts delete e-mail messages from the e-mail server when downloaded into Outlook."'),
    deleteAfterDays: notDocumented('Outlook 2010-365 "Remove from server after n days" default: Microsoft support and Learn pages'),
    deleteFromServerWhenDeleted: notDocumented('Outlook 2010-365 "Remove from server when deleted from Deleted Items" default'),
    // "REMOVE_ON_NUKE — Removes the message from the POP server only after the user deletes the
    // message from the Deleted Items folder."
    serverDeleteOn: sourced('trash-emptied', `${OPTIONS}: "REMOVE_ON_NUKE: Removes the message from the POP server only after the user deletes the message from the Deleted Items folder."`),
    checkEvery: notDocumented('the Send/Receive group interval of a new profile: Microsoft support pages'),
    checkAtStartup: notDocumented('"Perform an automatic send/receive" at start-up: Microsoft support pages'),
    headersOnly: notDocumented('"Download headers only" in Send/Receive settings: Microsoft support pages'),
  },
  imap: {
    security: notDocumented('"Encrypted connection" default for IMAP: Microsoft support pages'),
    // "Deletion works through marking items for deletion and then purging all items marked for deletion in a given folder."
    deleteModel: sourced('mark', 'Microsoft KB Q185820, "OL2000: (IMO) Using an IMAP Server with Outlook": "Deletion works through marking items for deletion and then purging"; Office Online "Purge IMAP items marked for deletion" (Outlook 2003)'),
    checkEvery: notDocumented('the Send/Receive group interval of a new profile'),
    push: notDocumented('IMAP IDLE in Outlook 2013-365'),
    folders: notDocumented('which IMAP folders Outlook 2013-365 synchronises by default'),
    download: notDocumented('"Download headers only" for IMAP in Outlook 2013-365'),
  },
};
