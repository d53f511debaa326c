export { MailStore, type AddAccountOptions, type ServerBehaviour } from './store.js';
export { Account, DEFAULT_MAILBOXES, HIERARCHY_DELIMITER, normalizeMailboxName, compareMailboxNames } from './account.js';
export { Mailbox, type SpecialUse, type FlagOperation, type AppendOptions, type FlagResult } from './mailbox.js';
export { Message } from './message.js';
export { Journal, type JournalEntry, type MailboxChange, type ChangeOrigin } from './journal.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export * from './flags.js';
