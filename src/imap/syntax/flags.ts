/**
 * Flags as clients send them in STORE and APPEND (RFC 3501 2.3.2, 9: flag, flag-list). System flags
 * are case-insensitive and come back in the store's canonical spelling; keywords must be atoms.
 */
import { canonicalFlag, isSystemFlag } from '../../store/flags.js';
import { isAtomText } from './chars.js';
import { syntaxError } from './errors.js';
import { describeToken, type Token } from './tokens.js';

/**
 * One flag, validated. `\Recent` is refused (only the server sets it, RFC 3501 2.3.2), as is any
 * other `\Word`: flag-extension names future system flags, and none that we do not know can be
 * stored. Keywords are atoms (no "\", "*", "%", "]", quotes, parentheses or 8-bit).
 */
export function parseFlag(text: string): string {
  if (text.startsWith('\\')) {
    if (text.toLowerCase() === '\\recent') throw syntaxError('INVALID_FLAG', '\\Recent cannot be set or cleared by a client');
    if (!isSystemFlag(text)) {
      throw syntaxError('INVALID_FLAG', `unknown system flag "${text}"; system flags are \\Answered \\Flagged \\Deleted \\Seen \\Draft`);
    }
    return canonicalFlag(text);
  }
  if (!isAtomText(text)) throw syntaxError('INVALID_FLAG', `"${text}" is not a valid keyword (keywords are atoms)`);
  return text;
}

/** Flags from tokens (the items of a flag-list, or STORE's bare flags), de-duplicated case-insensitively. */
export function parseFlagTokens(tokens: readonly Token[]): string[] {
  const seen = new Set<string>();
  const flags: string[] = [];
  for (const token of tokens) {
    // NIL is an atom like any other here: a keyword may be called "NIL".
    if (token.kind !== 'atom' && token.kind !== 'nil') throw syntaxError('INVALID_FLAG', `expected a flag, got ${describeToken(token)}`);
    const flag = parseFlag(token.kind === 'atom' ? token.value : token.text);
    if (seen.has(flag.toLowerCase())) continue;
    seen.add(flag.toLowerCase());
    flags.push(flag);
  }
  return flags;
}
