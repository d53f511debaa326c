/** Small byte and string helpers shared by the MIME modules. */

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;

// `fatal` makes invalid UTF-8 throw, so we can fall back to latin1 instead of inventing U+FFFD.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Header and free text bytes as a string: UTF-8 when they are valid UTF-8 (RFC 6532 allows raw
 * UTF-8 in headers, and 7-bit text is valid UTF-8), otherwise latin1 so every byte survives as
 * one character.
 */
export function bytesToText(bytes: Uint8Array): string {
  return decodeText(bytes).text;
}

/** bytesToText, saying whether it fell back to latin1 (then each character is one of the octets). */
export function decodeText(bytes: Uint8Array): { readonly text: string; readonly latin1: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), latin1: false };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), latin1: true };
  }
}

/** Like String.prototype.trim for SP, HTAB, CR and LF only; a loop, not a regex, so it is linear. */
export function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWspCode(text.charCodeAt(start))) start++;
  while (end > start && isWspCode(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isWspCode(code: number): boolean {
  return code === SP || code === HTAB || code === CR || code === LF;
}

/** RFC 2045 token: the characters allowed in a media type, subtype or transfer encoding name. */
export function isToken(text: string): boolean {
  return /^[!#$%&'*+\-.^_`{|}~0-9A-Za-z]+$/.test(text);
}
