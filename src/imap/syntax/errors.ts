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
  /** A SEARCH/SORT/THREAD charset we cannot decode: answer `NO [BADCHARSET (...)]` listing supportedCharsets(). */
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

/** The charsets we would take; supportedCharsets() keeps those this Node can decode. */
const CANDIDATE_CHARSETS: readonly string[] = [
  'US-ASCII', 'UTF-8', 'ISO-8859-1', 'ISO-8859-2', 'ISO-8859-3', 'ISO-8859-4', 'ISO-8859-5', 'ISO-8859-6', 'ISO-8859-7', 'ISO-8859-8',
  'ISO-8859-9', 'ISO-8859-10', 'ISO-8859-13', 'ISO-8859-14', 'ISO-8859-15', 'ISO-8859-16', 'WINDOWS-1250', 'WINDOWS-1251', 'WINDOWS-1252',
  'WINDOWS-1253', 'WINDOWS-1254', 'WINDOWS-1255', 'WINDOWS-1256', 'WINDOWS-1257', 'WINDOWS-1258', 'KOI8-R', 'KOI8-U', 'SHIFT_JIS',
  'EUC-JP', 'ISO-2022-JP', 'GB2312', 'GBK', 'GB18030', 'BIG5', 'EUC-KR',
];

let supported: readonly string[] | undefined;

/**
 * Charsets SEARCH, SORT and THREAD take for their strings (RFC 3501 6.4.4), as the BADCHARSET
 * response code lists them: those older clients still send (ISO-8859-1 from Outlook, windows-1252,
 * KOI8-R, Shift_JIS, ...), less any this Node's ICU cannot decode. UTF-8 and US-ASCII first.
 * Found out on first use, not when the module loads: opening the 35 decoders to see which exist
 * took 3 ms of every `mailsim run`, which hardly ever names a charset.
 */
export function supportedCharsets(): readonly string[] {
  return (supported ??= CANDIDATE_CHARSETS.filter((name) => {
    try {
      new TextDecoder(name);
      return true;
    } catch {
      return false;
    }
  }));
}

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
