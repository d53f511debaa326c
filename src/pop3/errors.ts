/**
 * Why a POP3 command failed. Handlers throw Pop3CommandError; the dispatcher is the one place that
 * turns it into `-ERR [RESP-CODE] text` (RFC 2449 8, RFC 3206), so no handler writes error wire text.
 */
export type Pop3CommandErrorCode =
  | 'UNKNOWN_COMMAND'
  | 'WRONG_STATE' // valid command, wrong session state (STAT before login, USER after it)
  | 'SYNTAX' // missing, extra or malformed arguments
  | 'LINE_TOO_LONG'
  | 'NO_SUCH_MESSAGE' // message number 0 or beyond the maildrop
  | 'MESSAGE_DELETED' // marked with DELE in this session
  | 'MESSAGE_GONE' // expunged meanwhile by another protocol (IMAP)
  | 'AUTH' // bad credentials or too many failures
  | 'IN_USE' // another session holds the maildrop lock
  | 'TLS_REQUIRED' // the server requires STLS before a login
  | 'POP_DISABLED' // the account's provider has POP turned off (Gmail's accessWindow)
  | 'INTERNAL'; // a bug: reported to the client as -ERR, the session goes on

/** RFC 2449 / RFC 3206 response codes, by error code; codes not listed get none. */
export const RESP_CODES: Partial<Record<Pop3CommandErrorCode, string>> = {
  AUTH: 'AUTH',
  // RFC 3206 has no code for "encrypt first"; Dovecot answers this with [AUTH] too.
  TLS_REQUIRED: 'AUTH',
  // RFC 3206 4: SYS/PERM, "the problem is permanent": logging in again will not help.
  POP_DISABLED: 'SYS/PERM',
  IN_USE: 'IN-USE',
  INTERNAL: 'SYS/TEMP',
};

export class Pop3CommandError extends Error {
  constructor(
    readonly code: Pop3CommandErrorCode,
    message: string,
    /** Close the connection after sending the -ERR (too many failed logins). */
    readonly closeAfter = false,
  ) {
    super(message);
    this.name = 'Pop3CommandError';
  }

  /** The response line without CRLF, e.g. "-ERR [IN-USE] maildrop already locked". */
  toResponse(): string {
    const respCode = RESP_CODES[this.code];
    return respCode ? `-ERR [${respCode}] ${this.message}` : `-ERR ${this.message}`;
  }
}
