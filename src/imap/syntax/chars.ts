/**
 * Character classes of the IMAP grammar (RFC 3501 9 / RFC 9051 9), as byte predicates. Kept in one
 * table so the tokenizer, the tag check and the serializer agree on what an atom is.
 */

const ATOM = 1; // ATOM-CHAR
const WILDCARD = 2; // list-wildcards "%" / "*"
const RESP_SPECIAL = 4; // "]"

const CLASSES = new Uint8Array(256);
for (let byte = 0x21; byte < 0x7f; byte++) CLASSES[byte] = ATOM;
// atom-specials: "(" ")" "{" SP CTL list-wildcards quoted-specials resp-specials
for (const ch of '(){"\\') CLASSES[ch.charCodeAt(0)] = 0;
CLASSES['%'.charCodeAt(0)] = WILDCARD;
CLASSES['*'.charCodeAt(0)] = WILDCARD;
CLASSES[']'.charCodeAt(0)] = RESP_SPECIAL;

export function isAtomChar(byte: number): boolean {
  return (CLASSES[byte]! & ATOM) !== 0;
}

/** ASTRING-CHAR: ATOM-CHAR or "]". */
export function isAstringChar(byte: number): boolean {
  return (CLASSES[byte]! & (ATOM | RESP_SPECIAL)) !== 0;
}

/** list-char: ATOM-CHAR, list-wildcards or "]" (LIST patterns). */
export function isListChar(byte: number): boolean {
  return CLASSES[byte]! !== 0;
}

/** tag = 1*<any ASTRING-CHAR except "+">. */
export function isTagChar(byte: number): boolean {
  return byte !== 0x2b && isAstringChar(byte);
}

export function isAtomText(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isAtomChar(text.charCodeAt(i))) return false;
  return true;
}

export function isAstringText(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isAstringChar(text.charCodeAt(i))) return false;
  return true;
}

export function isTag(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTagChar(text.charCodeAt(i))) return false;
  return true;
}

export function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/**
 * The tag of a command line if its first word is a valid tag. The framer uses it to address
 * NO [TOOBIG] and "line too long" answers before the line has been parsed.
 */
export function sniffTag(line: Buffer): string | undefined {
  let end = 0;
  while (end < line.length && end < 256 && isTagChar(line[end]!)) end++;
  if (end === 0) return undefined;
  if (end < line.length && line[end] !== 0x20) return undefined;
  return line.toString('latin1', 0, end);
}

/**
 * A 7-bit text as an IMAP quoted string, escaping only DQUOTE and backslash (the grammar has no
 * other escapes). Callers check quotability first: see canQuote().
 */
export function quoteString(text: string): string {
  return '"' + text.replace(/["\\]/g, (ch) => '\\' + ch) + '"';
}

/** True when the text can be sent as a quoted string: 7-bit, no NUL, CR or LF (RFC 3501 9 QUOTED-CHAR). */
export function canQuote(text: string): boolean {
  return /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(text);
}
