/**
 * Status responses (RFC 3501 7.1) with their optional response codes, and continuation requests.
 * Codes are typed so a handler cannot misspell one or forget an argument.
 */
import { printable } from '../../protocol/printable.js';
import { isAtomText, isTag } from './chars.js';
import { supportedCharsets } from './errors.js';
import { compactInOrder, compactSequenceSet } from './sequence-set.js';
import { Atom, flagAtoms, ImapSerializeError, serializeValues, type ImapValue } from './serialize.js';

/** Codes without arguments: RFC 3501 7.1, RFC 5530 (error codes), RFC 7162 (NOMODSEQ), RFC 4469/7889 (TOOBIG). */
export type SimpleResponseCode =
  | 'ALERT'
  | 'PARSE'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'TRYCREATE'
  | 'TOOBIG'
  | 'NONEXISTENT'
  | 'ALREADYEXISTS'
  | 'CANNOT'
  | 'CLIENTBUG'
  | 'SERVERBUG'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'UNAVAILABLE'
  | 'EXPIRED'
  | 'PRIVACYREQUIRED'
  | 'CONTACTADMIN'
  | 'NOPERM'
  | 'INUSE'
  | 'EXPUNGEISSUED'
  | 'CORRUPTION'
  | 'LIMIT'
  | 'OVERQUOTA'
  | 'HASCHILDREN'
  | 'NOMODSEQ'
  | 'CLOSED'
  | 'UIDNOTSTICKY'
  /** RFC 3516: BINARY of a part whose transfer encoding the server cannot undo. */
  | 'UNKNOWN-CTE'
  /** RFC 4978: COMPRESS when compression is already on. */
  | 'COMPRESSIONACTIVE';

export type ResponseCode =
  | { readonly code: SimpleResponseCode }
  | { readonly code: 'UIDNEXT' | 'UIDVALIDITY' | 'UNSEEN'; readonly value: number }
  | { readonly code: 'HIGHESTMODSEQ'; readonly value: number | bigint }
  | { readonly code: 'PERMANENTFLAGS'; readonly flags: readonly string[] }
  | { readonly code: 'CAPABILITY'; readonly capabilities: readonly string[] }
  /** Defaults to the charsets SEARCH accepts: [BADCHARSET (US-ASCII UTF-8 ISO-8859-1 ...)]. */
  | { readonly code: 'BADCHARSET'; readonly charsets?: readonly string[] }
  /** UIDPLUS (RFC 4315): [APPENDUID uidvalidity uid-set], several UIDs after a MULTIAPPEND (RFC 3502). */
  | { readonly code: 'APPENDUID'; readonly uidValidity: number; readonly uids: readonly number[] }
  /** CATENATE (RFC 4469 6): the URL that could not be read. */
  | { readonly code: 'BADURL'; readonly url: string }
  /** UIDPLUS: [COPYUID uidvalidity source-uids dest-uids], the two lists paired by position. */
  | { readonly code: 'COPYUID'; readonly uidValidity: number; readonly sourceUids: readonly number[]; readonly destinationUids: readonly number[] }
  /** NOTIFY (RFC 5465 5.9): events the server cannot send, and those it can. */
  | { readonly code: 'BADEVENT'; readonly events: readonly string[] }
  /** OBJECTID (RFC 8474 4.1): [MAILBOXID (F123)] on SELECT, EXAMINE and CREATE. */
  | { readonly code: 'MAILBOXID'; readonly id: string }
  /** CONTEXT=SEARCH (RFC 5267 4.3): the search with this tag will not be kept up to date. */
  | { readonly code: 'NOUPDATE'; readonly tag: string }
  /** CONDSTORE (RFC 7162 3.1.3): messages STORE left alone because of UNCHANGEDSINCE. */
  | { readonly code: 'MODIFIED'; readonly numbers: readonly number[] };

/** The code's text between the brackets. */
export function formatResponseCode(code: ResponseCode): Buffer {
  const name = new Atom(code.code);
  const values: ImapValue[] = [name];
  switch (code.code) {
    case 'UIDNEXT':
    case 'UIDVALIDITY':
    case 'UNSEEN':
    case 'HIGHESTMODSEQ':
      values.push(code.value);
      break;
    case 'PERMANENTFLAGS':
      values.push(flagAtoms(code.flags));
      break;
    case 'CAPABILITY':
      values.push(...code.capabilities.map((capability) => new Atom(capability)));
      break;
    case 'BADCHARSET':
      values.push((code.charsets ?? supportedCharsets()).map((charset) => (isAtomText(charset) ? new Atom(charset) : charset)));
      break;
    case 'APPENDUID':
      values.push(code.uidValidity, new Atom(compactInOrder(code.uids)));
      break;
    case 'BADURL':
      // url-resp-text: any CHAR but CR, LF and "]" (RFC 4469 6); what cannot go out is left out.
      values.push(new Atom(code.url.replace(/[^\x21-\x5c\x5e-\x7e]/g, '') || '-'));
      break;
    case 'COPYUID':
      values.push(code.uidValidity, new Atom(compactInOrder(code.sourceUids)), new Atom(compactInOrder(code.destinationUids)));
      break;
    case 'BADEVENT':
      values.push(code.events.map((event) => new Atom(event)));
      break;
    case 'MAILBOXID':
      values.push([new Atom(code.id)]);
      break;
    case 'NOUPDATE':
      values.push(code.tag);
      break;
    case 'MODIFIED':
      values.push(new Atom(compactSequenceSet(code.numbers)));
      break;
    default:
      break;
  }
  return serializeValues(values);
}

/**
 * Human-readable text (RFC 3501 text = 1*TEXT-CHAR). Our messages sometimes quote client input, so
 * anything outside printable ASCII is escaped by the one policy for untrusted text
 * (protocol/printable.ts: \xNN, \uNNNN) rather than breaking the line or the encoding.
 */
function cleanText(text: string): string {
  const clean = printable(text, { ascii: true });
  return clean === '' ? 'done' : clean;
}

function statusLineText(prefix: string, status: string, text: string, code: ResponseCode | undefined): string {
  // The code's octets go through latin1, which keeps every octet as it is.
  const codeText = code === undefined ? '' : `[${formatResponseCode(code).toString('latin1')}] `;
  return `${prefix} ${status} ${codeText}${cleanText(text)}\r\n`;
}

export type TaggedStatus = 'OK' | 'NO' | 'BAD';
export type UntaggedStatus = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

/** `A1 OK [APPENDUID 1 2] APPEND completed\r\n`. */
export function taggedStatus(tag: string, status: TaggedStatus, text: string, code?: ResponseCode): Buffer {
  return Buffer.from(taggedStatusText(tag, status, text, code), 'latin1');
}

/** `* OK [UIDNEXT 5] Predicted next UID\r\n`, `* BYE Logging out\r\n`. */
export function untaggedStatus(status: UntaggedStatus, text: string, code?: ResponseCode): Buffer {
  return Buffer.from(untaggedStatusText(status, text, code), 'latin1');
}

/** taggedStatus as latin1 text (serialize.ts WirePiece), for a connection that joins a turn's text before writing it. */
export function taggedStatusText(tag: string, status: TaggedStatus, text: string, code?: ResponseCode): string {
  if (!isTag(tag)) throw new ImapSerializeError('INVALID_TAG', `cannot answer with tag ${JSON.stringify(tag)}`);
  return statusLineText(tag, status, text, code);
}

/** untaggedStatus as latin1 text. */
export function untaggedStatusText(status: UntaggedStatus, text: string, code?: ResponseCode): string {
  return statusLineText('*', status, text, code);
}

/**
 * A continuation request: `+ Ready for literal data\r\n`, or during AUTHENTICATE a base64
 * challenge (`+ \r\n` for an empty one).
 */
export function continuation(text = ''): Buffer {
  return Buffer.from(`+ ${printable(text, { ascii: true })}\r\n`, 'latin1');
}
