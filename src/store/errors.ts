/**
 * Store errors carry a stable code; protocol layers map codes to their own wording
 * (IMAP response codes from RFC 5530, POP3 -ERR text), so the store never writes wire text.
 */
export type StoreErrorCode =
  | 'NONEXISTENT' // no such account or mailbox
  | 'ALREADYEXISTS' // mailbox or account name taken
  | 'CANNOT' // the operation is never allowed (e.g. deleting INBOX)
  | 'INVALID' // a malformed name or argument
  | 'EXPUNGED'; // the message is gone

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
