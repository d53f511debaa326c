import { sourced, type ClientProfile } from './types.js';

/** K-9 Mail, now Thunderbird for Android: its current code in thunderbird/thunderbird-android. */
const REPO = 'thunderbird/thunderbird-android';
// Manual setup: `val DEFAULT = TLS` in ConnectionSecurity, with TLS -> 993 (IMAP), TLS -> 995 (POP3).
const SECURITY = `${REPO} account setup entity app.k9mail.feature.account.setup.domain.entity.ConnectionSecurity: val DEFAULT = TLS (TLS -> 993 IMAP, 995 POP3; StartTLS -> 143, 110)`;

export const k9: ClientProfile = {
  name: 'k9',
  label: 'K-9 Mail / Thunderbird for Android',
  summary: 'Checks every hour, no push; POP3 never deletes from the server; IMAP syncs INBOX only and moves deleted mail to Trash.',
  pop3: {
    security: sourced('tls', SECURITY),
    // DefaultDeletePolicyProvider: `Protocols.POP3 -> DeletePolicy.NEVER` — it never deletes after download.
    leaveOnServer: sourced(true, `${REPO} legacy/common/src/main/java/com/fsck/k9/account/DefaultDeletePolicyProvider.kt: Protocols.POP3 -> DeletePolicy.NEVER`),
    deleteFromServerWhenDeleted: sourced(false, `${REPO} DefaultDeletePolicyProvider.kt: Protocols.POP3 -> DeletePolicy.NEVER ("Do not delete on server")`),
    // `val DEFAULT = EVERY_HOUR` in the setup's EmailCheckFrequency.
    checkEvery: sourced('1h', `${REPO} feature/account/setup EmailCheckFrequency: val DEFAULT = EVERY_HOUR`),
    // After setup it refreshes the folder list and checks mail only when polling is manual.
    checkAtStartup: sourced(false, `${REPO} legacy/common/src/main/java/com/fsck/k9/account/AccountCreator.kt: checkMail only if checkFrequencyInMinutes == -1`),
    // Messages up to 128 KiB download whole (DEFAULT_MAXIMUM_AUTO_DOWNLOAD_MESSAGE_SIZE = 131072).
    headersOnly: sourced(false, `${REPO} AccountPreferenceSerializer.kt: DEFAULT_MAXIMUM_AUTO_DOWNLOAD_MESSAGE_SIZE = 131072; Pop3Sync.kt saves small messages FULL`),
  },
  imap: {
    security: sourced('tls', SECURITY),
    checkEvery: sourced('1h', `${REPO} feature/account/setup EmailCheckFrequency: val DEFAULT = EVERY_HOUR`),
    checkAtStartup: sourced(false, `${REPO} legacy/common/src/main/java/com/fsck/k9/account/AccountCreator.kt: checkMail only if checkFrequencyInMinutes == -1`),
    // "When setting up a new account Push is disabled by default."
    push: sourced(false, 'k9mail/k9mail-docs docs/en/current/settings/push.md: "When setting up a new account Push is disabled by default."'),
    // Folder sync is off by default; setup turns it on for the inbox.
    folders: sourced(['INBOX'], `${REPO} FolderSettingsProvider: syncEnabled default false; SpecialFolderUpdater.updateInbox: setSyncEnabled(account, newInboxId, true)`),
    // Whole message during sync (BODY.PEEK[]) up to 128 KiB.
    download: sourced('full', `${REPO} backend/imap ImapSync.kt: messages up to maximumAutoDownloadMessageSize (131072) fetched with BODY.PEEK[]`),
    // `Protocols.IMAP -> DeletePolicy.ON_DELETE`, moving to the Trash folder; expunged at once.
    deleteModel: sourced('trash', `${REPO} DefaultDeletePolicyProvider.kt: Protocols.IMAP -> DeletePolicy.ON_DELETE (move to Trash); AccountPreferenceSerializer.kt: expungePolicy = EXPUNGE_IMMEDIATELY`),
  },
};
