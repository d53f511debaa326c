/**
 * Errors of the IMAP syntax layer. Every parser in this folder throws ImapSyntaxError with a
 * stable `code`; the session is the one place that turns a code into wire text, using `status`
 * (and for BADCHARSET the response code) so no parser decides the wording of a reply.
 */
export type ImapSyntaxErrorCode =
  /** No tag, or a tag with characters outside astring-char minus "+": answer `* BAD`. */
  | 'INVALID_TAG'
  /** The line does not follow the IMAP grammar (missing/extra arguments, bad characters). */
  | 'SYNTAX'
  /** Valid IMAP, but an extension we do not implement: literal8, "$", QRESYNC, BINARY, ESEARCH. */
  | 'UNSUPPORTED'
  /** Parenthesized lists or search keys nested deeper than our limit. */
  | 'TOO_DEEP'
  /** SEARCH CHARSET other than US-ASCII / UTF-8: answer `NO [BADCHARSET (US-ASCII UTF-8)]`. */
  | 'BADCHARSET'
  /** A flag that may not be used here: "\Recent" in STORE/APPEND, an unknown "\Flag". */
  | 'INVALID_FLAG'
  /** A mailbox name or pattern that is not valid modified UTF-7 (RFC 3501 5.1.3). */
  | 'INVALID_MAILBOX_NAME';

/** How the session answers each code; SYNTAX-level problems are BAD, the rest NO (RFC 3501 7.1). */
export const STATUS_FOR_CODE: Readonly<Record<ImapSyntaxErrorCode, 'BAD' | 'NO'>> = {
  INVALID_TAG: 'BAD',
  SYNTAX: 'BAD',
  UNSUPPORTED: 'BAD',
  TOO_DEEP: 'BAD',
  BADCHARSET: 'NO',
  INVALID_FLAG: 'BAD',
  INVALID_MAILBOX_NAME: 'NO',
};

/** The charsets SEARCH accepts, as the BADCHARSET response code lists them (RFC 3501 7.1). */
export const SUPPORTED_CHARSETS = ['US-ASCII', 'UTF-8'] as const;

export class ImapSyntaxError extends Error {
  constructor(
    readonly code: ImapSyntaxErrorCode,
    message: string,
    /** The command's tag when it was read before the error; absent means answer untagged. */
    readonly tag?: string,
  ) {
    super(message);
    this.name = 'ImapSyntaxError';
  }

  get status(): 'BAD' | 'NO' {
    return STATUS_FOR_CODE[this.code];
  }

  /** The same error, stamped with the tag of the command it belongs to. */
  withTag(tag: string): ImapSyntaxError {
    return this.tag === tag ? this : new ImapSyntaxError(this.code, this.message, tag);
  }
}

/** Shorthand used by every parser: `throw syntaxError('SYNTAX', 'expected ...')`. */
export function syntaxError(code: ImapSyntaxErrorCode, message: string): ImapSyntaxError {
  return new ImapSyntaxError(code, message);
}
