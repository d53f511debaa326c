export { MailStore, type AddAccountOptions, type ServerBehaviour } from './store.js';
export { Account, DEFAULT_MAILBOXES, HIERARCHY_DELIMITER, normalizeMailboxName, compareMailboxNames } from './account.js';
export { Mailbox, type SpecialUse, type FlagOperation, type AppendOptions, type FlagResult } from './mailbox.js';
export { Message } from './message.js';
export { Journal, MAX_JOURNAL_ENTRIES, type JournalEntry, type ChangeRecord, type MailboxChange, type MailboxEvent, type ChangeOrigin } from './journal.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export * from './flags.js';
