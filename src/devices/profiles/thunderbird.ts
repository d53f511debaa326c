import { sourced, type ClientProfile } from './types.js';

/**
 * Thunderbird (desktop), for an account added with its own account setup. That setup writes its
 * values onto the new server and they override the bare `mail.server.default.*` prefs; the bare
 * POP3 pref `mail.server.default.leave_on_server` is false, but no account made in the UI has it.
 */
const AC = 'Thunderbird account setup: mozilla/releases-comm-central mail/components/accountcreation/modules/AccountConfig.sys.mjs, createNewIncoming()';
const PREFS = 'Thunderbird prefs: thunderbird/thunderbird-desktop mailnews/mailnews.js';
// Account setup probes STARTTLS, SSL/TLS and plain, and of those that work takes SSL/TLS first:
// `// Prefer SSL/TLS over STARTTLS`, plain last (`// Prefer SSL/STARTTLS above all else`).
const GUESS = 'mozilla/releases-comm-central mail/components/accountcreation/modules/GuessConfig.sys.mjs: "// Prefer SSL/TLS over STARTTLS"; Pop3ProtocolInfo getDefaultServerPort(isSecure): isSecure ? 995 : 110';

export const thunderbird: ClientProfile = {
  name: 'thunderbird',
  label: 'Thunderbird (desktop)',
  summary: 'an account made with its account setup: POP3 keeps mail on the server for 14 days, checks every 10 minutes and deletes the server copy when you delete it; IMAP idles on INBOX and keeps an offline copy of every message.',
  pop3: {
    security: sourced('tls', GUESS),
    // `leaveMessagesOnServer: true,`
    leaveOnServer: sourced(true, `${AC}: leaveMessagesOnServer: true`),
    // `daysToLeaveMessagesOnServer: 14,` with `deleteByAgeFromServer: true,`
    deleteAfterDays: sourced(14, `${AC}: daysToLeaveMessagesOnServer: 14, deleteByAgeFromServer: true`),
    // `deleteOnServerWhenLocalDelete: true,`
    deleteFromServerWhenDeleted: sourced(true, `${AC}: deleteOnServerWhenLocalDelete: true`),
    // nsMsgLocalMailFolder::CopyMessages: "If we are the trash and a local msg is being moved to
    // us, mark the source for delete from server, if so configured." The DELE goes at the next check.
    serverDeleteOn: sourced('delete', 'mozilla/releases-comm-central mailnews/local/src/nsLocalMailFolder.cpp: a message moved to Trash is marked for delete from server (MarkMsgsOnPop3Server)'),
    // `checkInterval: 10,` (minutes), and the setup turns biff on.
    checkEvery: sourced('10m', `${AC}: checkInterval: 10 (minutes); CreateInBackend.sys.mjs: inServer.doBiff = true`),
    // `loginAtStartup: true,`
    checkAtStartup: sourced(true, `${AC}: loginAtStartup: true`),
    // The per-server pref `headers_only` is not set by the setup and has no default line: false.
    headersOnly: sourced(false, 'mozilla/releases-comm-central mailnews/local/src/Pop3IncomingServer.sys.mjs: headers_only, unset by account setup, reads false'),
  },
  imap: {
    security: sourced('tls', `${GUESS}; ImapProtocolInfo: DEFAULT_IMAPS_PORT (993) when secure`),
    checkEvery: sourced('10m', `${AC}: checkInterval: 10 (minutes), for every incoming server type`),
    checkAtStartup: sourced(true, `${AC}: loginAtStartup: true`),
    // `pref("mail.server.default.use_idle", true);`
    push: sourced(true, `${PREFS}: pref("mail.server.default.use_idle", true)`),
    // `pref("mail.server.default.check_all_folders_for_new", false);` — only INBOX is checked.
    folders: sourced(['INBOX'], `${PREFS}: pref("mail.server.default.check_all_folders_for_new", false)`),
    // Headers at each check (BODY.PEEK[HEADER.FIELDS (...)]), then auto-sync downloads every body
    // for the offline store: `pref("mail.server.default.offline_download", true);`
    download: sourced('background', `${PREFS}: pref("mail.server.default.offline_download", true), pref("mail.server.default.autosync_offline_stores", true)`),
    // `pref("mail.server.default.delete_model", 1);` — 1 is MoveToTrash.
    deleteModel: sourced('trash', `${PREFS}: pref("mail.server.default.delete_model", 1) (0 mark, 1 move to Trash, 2 delete at once)`),
  },
};
