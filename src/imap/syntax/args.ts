/**
 * ArgReader walks a command's argument tokens left to right and converts each to the type its
 * position needs. Every failure names the command, the argument and what was expected, e.g.
 * `FETCH: expected a sequence set as argument 1, got a quoted string`, so a BAD tells the client
 * exactly what it got wrong. The typed argument parsers are built on it; command implementers can
 * use it directly for simple commands.
 */
import { isInboxName } from '../../store/account.js';
import { isAstringText, isListChar } from './chars.js';
import { ImapSyntaxError, syntaxError } from './errors.js';
import { decodeMailboxName } from './mailbox-name.js';
import { parseSequenceSet, type SequenceSet } from './sequence-set.js';
import { decodeUtf8, describeToken, type Token } from './tokens.js';

/** number = 1*DIGIT, an unsigned 32-bit value (RFC 3501 9). */
export const MAX_NUMBER = 0xffffffff;
/** mod-sequence-value is 63-bit (RFC 7162 7). */
export const MAX_MODSEQ = (1n << 63n) - 1n;

/** The text of a token that can stand for a string (astring): atom, quoted, literal or NIL's spelling. */
export function tokenText(token: Token, what: string): string | undefined {
  switch (token.kind) {
    case 'atom':
      return token.value;
    case 'nil':
      return token.text;
    case 'quoted':
      if (token.invalidUtf8) throw syntaxError('SYNTAX', `${what} is not valid UTF-8`);
      return token.value;
    case 'literal':
      if (token.binary) throw syntaxError('SYNTAX', `${what}: literal8 (~{n}) is only allowed for APPEND's message`);
      return decodeUtf8(token.value, what);
    default:
      return undefined;
  }
}

/** Parses a decimal `number` (RFC 3501) or throws, naming `what`. */
export function parseNumber(text: string, what: string, { nonZero = false, max = MAX_NUMBER } = {}): number {
  if (!/^[0-9]+$/.test(text) || text.length > 16) throw syntaxError('SYNTAX', `${what} must be a number, got "${text}"`);
  const value = Number(text);
  if (nonZero && value === 0) throw syntaxError('SYNTAX', `${what} must be greater than 0`);
  if (value > max) throw syntaxError('SYNTAX', `${what} must be at most ${max}, got ${text}`);
  return value;
}

/** Parses a mod-sequence value (0 allowed: mod-sequence-valzer). */
export function parseModSeq(text: string, what: string): bigint {
  if (!/^[0-9]{1,19}$/.test(text)) throw syntaxError('SYNTAX', `${what} must be a mod-sequence number, got "${text}"`);
  const value = BigInt(text);
  if (value > MAX_MODSEQ) throw syntaxError('SYNTAX', `${what} must be below 2^63`);
  return value;
}

/** "INBOX" is case-insensitive (RFC 3501 5.1); every other name is case-sensitive. */
export function normalizeInbox(name: string): string {
  return isInboxName(name) ? 'INBOX' : name;
}

/**
 * How mailbox names travel: modified UTF-7 (RFC 3501 5.1.3), or UTF-8 once the client enabled
 * UTF8=ACCEPT (RFC 6855 3) or IMAP4rev2 (RFC 9051 5.1).
 */
export type NameEncoding = 'mutf7' | 'utf8';

export class ArgReader {
  private index = 0;

  /** @param command names the command in error messages, e.g. "UID FETCH". */
  constructor(
    private readonly tokens: readonly Token[],
    private readonly command: string,
    /** How mailbox names and patterns are read. */
    readonly names: NameEncoding = 'mutf7',
  ) {}

  hasMore(): boolean {
    return this.index < this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  /** Throws a SYNTAX error about the current (or, at the end, the missing) argument. */
  fail(expected: string, token = this.peek()): never {
    const position = `argument ${Math.min(this.index, this.tokens.length) + 1}`;
    if (token === undefined) throw syntaxError('SYNTAX', `${this.command}: missing ${expected} (${position})`);
    throw syntaxError('SYNTAX', `${this.command}: expected ${expected} as ${position}, got ${describeToken(token)}`);
  }

  /** Runs a value parser; its errors get the command name in front, keeping their code. */
  convert<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ImapSyntaxError) throw new ImapSyntaxError(error.code, `${this.command}: ${error.message}`);
      throw error;
    }
  }

  next(expected: string): Token {
    const token = this.tokens[this.index];
    if (token === undefined) this.fail(expected);
    this.index++;
    return token;
  }

  /** A bare atom's text (flags, keywords, option names). */
  atom(expected: string): string {
    const token = this.peek();
    if (token?.kind !== 'atom') this.fail(expected);
    this.index++;
    return token.value;
  }

  /** astring: atom (ASTRING-CHARs), quoted string or literal (UTF-8). */
  astring(expected: string): string {
    const token = this.peek();
    if (token === undefined) this.fail(expected);
    const text = token.kind === 'atom' ? (isAstringText(token.value) ? token.value : undefined) : this.convert(() => tokenText(token, expected));
    if (text === undefined) this.fail(expected);
    this.index++;
    return text;
  }

  /** string: quoted or literal only (RFC 3501: where an atom is not allowed, e.g. ID fields). */
  string(expected: string): string {
    const token = this.peek();
    if (token?.kind !== 'quoted' && token?.kind !== 'literal') this.fail(expected);
    const text = this.convert(() => tokenText(token, expected)!);
    this.index++;
    return text;
  }

  /** nstring: NIL or a string. */
  nstring(expected: string): string | null {
    if (this.peek()?.kind === 'nil') {
      this.index++;
      return null;
    }
    return this.string(expected);
  }

  /** A literal's raw octets (APPEND's message). */
  literal(expected: string): Buffer {
    const token = this.peek();
    if (token?.kind !== 'literal') this.fail(expected);
    this.index++;
    return token.value;
  }

  number(expected: string, options?: { nonZero?: boolean; max?: number }): number {
    const token = this.peek();
    if (token?.kind !== 'atom') this.fail(expected);
    const value = this.convert(() => parseNumber(token.value, expected, options));
    this.index++;
    return value;
  }

  modSeq(expected: string): bigint {
    const token = this.peek();
    if (token?.kind !== 'atom') this.fail(expected);
    const value = this.convert(() => parseModSeq(token.value, expected));
    this.index++;
    return value;
  }

  list(expected: string): readonly Token[] {
    const token = this.peek();
    if (token?.kind !== 'list') this.fail(expected);
    this.index++;
    return token.items;
  }

  /** True (and consumed) when the next argument is the atom `word`, compared case-insensitively. */
  takeWord(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'atom' && token.value.toUpperCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  sequenceSet(expected = 'a sequence set'): SequenceSet {
    const token = this.peek();
    if (token?.kind !== 'atom') this.fail(expected);
    const set = this.convert(() => parseSequenceSet(token.value));
    this.index++;
    return set;
  }

  /** mailbox = "INBOX" / astring, decoded from modified UTF-7 to the Unicode name the store uses. */
  mailbox(expected = 'a mailbox name'): string {
    const name = this.astring(expected);
    return normalizeInbox(this.convert(() => this.decodeName(name)));
  }

  private decodeName(name: string): string {
    if (this.names === 'mutf7') return decodeMailboxName(name);
    // RFC 6855 3: UTF-8 as it is ("&" is an ordinary character); control characters never.
    if (/[\x00-\x1f\x7f]/.test(name)) throw syntaxError('INVALID_MAILBOX_NAME', 'mailbox name contains control characters');
    return name.normalize('NFC');
  }

  /**
   * list-mailbox = 1*list-char / string: a LIST pattern, "*" and "%" allowed, mUTF-7 decoded.
   * null when the pattern is not valid modified UTF-7: no mailbox name can match it, so LIST
   * answers with nothing (as Dovecot does) rather than refusing a well-formed command.
   */
  listMailbox(expected = 'a mailbox pattern'): string | null {
    const token = this.peek();
    if (token?.kind === 'atom') {
      for (let i = 0; i < token.value.length; i++) if (!isListChar(token.value.charCodeAt(i))) this.fail(expected);
      this.index++;
      return this.patternOrNull(token.value);
    }
    if (token?.kind === 'nil') {
      this.index++;
      return token.text;
    }
    return this.patternOrNull(this.string(expected));
  }

  /** A pattern as this session names mailboxes; null when it cannot name any (see listMailbox). */
  private patternOrNull(text: string): string | null {
    return patternOrNull(text, (name) => this.decodeName(name));
  }

  /** Takes every remaining argument (for grammars ending in `x *(SP x)`). */
  rest(): readonly Token[] {
    const remaining = this.tokens.slice(this.index);
    this.index = this.tokens.length;
    return remaining;
  }

  /** Throws unless every argument was read. */
  end(): void {
    const token = this.peek();
    if (token !== undefined) {
      throw syntaxError('SYNTAX', `${this.command}: unexpected extra argument ${describeToken(token)} (argument ${this.index + 1})`);
    }
  }
}

/** A LIST pattern decoded from modified UTF-7, or null when it is not valid modified UTF-7. */
function patternOrNull(encoded: string, decode: (name: string) => string): string | null {
  try {
    return decode(encoded);
  } catch (error) {
    if (error instanceof ImapSyntaxError && error.code === 'INVALID_MAILBOX_NAME') return null;
    throw error;
  }
}
