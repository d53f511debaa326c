/**
 * Comparators for SORT and THREAD (RFC 4790). SORT defaults to i;ascii-casemap (RFC 5256 3); a
 * server with I18NLEVEL=1 uses i;unicode-casemap (RFC 5255 4.3, RFC 5051) for SEARCH, SORT and
 * THREAD. Keys are mapped once; comparing mapped keys is then by code point, which is the octet
 * order of their UTF-8 that the comparators specify.
 */

export type Comparator = 'i;ascii-casemap' | 'i;unicode-casemap';

/** i;ascii-casemap: a-z become A-Z, nothing else changes. */
export function asciiCasemap(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/**
 * i;unicode-casemap (RFC 5051 2): each character to its titlecase, then NFKD. JavaScript has no
 * titlecase mapping; the simple uppercase mapping stands in for it, and a character whose
 * uppercase is several characters (a full mapping such as "ß" -> "SS") keeps itself, as the
 * simple titlecase mapping does. Like Dovecot, what NFKD decomposes is mapped once more, so the
 * ligature "ﬁ" (which has no simple mapping) compares equal to "FI".
 */
export function unicodeCasemap(text: string): string {
  return simpleUpper(simpleUpper(text).normalize('NFKD'));
}

function simpleUpper(text: string): string {
  let out = '';
  for (const char of text) {
    const upper = char.toUpperCase();
    out += [...upper].length === 1 ? upper : char;
  }
  return out;
}

export function casemap(comparator: Comparator, text: string): string {
  return comparator === 'i;ascii-casemap' ? asciiCasemap(text) : unicodeCasemap(text);
}

/** Code point order (UTF-16 comparison differs from it above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The comparator SORT and THREAD use on this server (RFC 5255 4.3: I18NLEVEL=1 means i;unicode-casemap). */
export function comparatorOf(features: { has(id: 'I18NLEVEL=1'): boolean }): Comparator {
  return features.has('I18NLEVEL=1') ? 'i;unicode-casemap' : 'i;ascii-casemap';
}
