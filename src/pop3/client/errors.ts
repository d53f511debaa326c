/**
 * Why a client call failed:
 * - ERR: the server answered -ERR (see `response` and `respCode`);
 * - TIMEOUT: no complete response within timeoutMs (the connection is then dropped);
 * - CLOSED: the connection is gone (before or during the call);
 * - PROTOCOL: the server sent something that is not POP3, or lacks what the call needs (APOP
 *   without a greeting timestamp).
 * Invalid arguments (a CR in a user name, a negative message number) throw RangeError instead:
 * they are the caller's bug and nothing is sent.
 */
export type Pop3ErrorCode = 'ERR' | 'TIMEOUT' | 'CLOSED' | 'PROTOCOL';

export class Pop3Error extends Error {
  constructor(
    readonly code: Pop3ErrorCode,
    message: string,
    /** The server's status line, e.g. "-ERR [IN-USE] maildrop is locked". */
    readonly response?: string,
    /** The RFC 2449 response code without brackets, e.g. "IN-USE", "AUTH", "SYS/TEMP". */
    readonly respCode?: string,
  ) {
    super(message);
    this.name = 'Pop3Error';
  }
}
