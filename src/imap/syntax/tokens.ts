/**
 * Tokens of a client command and the tokenizer that reads them from a CommandFrame.
 *
 * The tokenizer is deliberately generic, like imapflow's and wildduck's: it splits a line into
 * atoms, strings, literals, lists and fetch sections without knowing which command it reads. The
 * typed argument parsers (fetch-attributes.ts, search.ts, ...) then check each token against the
 * grammar of its position, and give errors that say what was expected there.
 */
import { isAtomChar, isTagChar } from './chars.js';
import { syntaxError } from './errors.js';
import { MAX_NESTING_DEPTH } from './limits.js';

export type Token =
  /**
   * A bare word: ATOM-CHARs plus the characters IMAP allows unquoted in particular positions -
   * "*" and "%" (sequence sets, LIST patterns), "\" (flags), "]" (astring). Typed parsers
   * decide which of these their position accepts.
   */
  | { readonly kind: 'atom'; readonly value: string }
  /**
   * NIL, in any case. Kept with its spelling: where the grammar wants an astring, "NIL" is an
   * ordinary word (a mailbox may be called NIL), and readers use `text`.
   */
  | { readonly kind: 'nil'; readonly text: string }
  /**
   * A quoted string, unescaped and decoded as UTF-8 (see readQuoted for why UTF-8 is accepted).
   * With 8-bit octets, `raw` keeps them, for SEARCH with another CHARSET; `invalidUtf8` says they
   * were not UTF-8 (value is then their latin1 reading, and only a CHARSET search may use it).
   */
  | { readonly kind: 'quoted'; readonly value: string; readonly raw?: Buffer; readonly invalidUtf8?: boolean }
  /** A literal's octets as sent, `{n}` or `{n+}`; `binary` for literal8 `~{n}` (RFC 3516, APPEND only). */
  | { readonly kind: 'literal'; readonly value: Buffer; readonly nonSync: boolean; readonly binary?: boolean }
  | { readonly kind: 'list'; readonly items: readonly Token[] }
  /**
   * A fetch attribute with a section, `BODY.PEEK[1.2.MIME]<0.2048>`: `name` is the word before
   * "[", `section` the tokens inside the brackets, `partial` the raw text inside "<...>".
   */
  | { readonly kind: 'section'; readonly name: string; readonly section: readonly Token[]; readonly partial: string | undefined };

/** Words that open a section when followed by "[" (anything else keeps "[" as an atom char). */
const SECTION_NAMES = new Set(['BODY', 'BODY.PEEK', 'BINARY', 'BINARY.PEEK', 'BINARY.SIZE']);

const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const TILDE = 0x7e;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes octets as UTF-8, refusing invalid sequences instead of inventing U+FFFD. */
export function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw syntaxError('SYNTAX', `${what} is not valid UTF-8`);
  }
}

function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'end of line';
  if (byte > 0x20 && byte < 0x7f) return `"${String.fromCharCode(byte)}"`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** A bare word ends at these; "]" only inside a section. */
function isWordChar(byte: number, inSection: boolean): boolean {
  if (byte <= SP || byte >= 0x7f) return false;
  if (byte === OPEN_PAREN || byte === CLOSE_PAREN || byte === OPEN_BRACE || byte === DQUOTE) return false;
  return !(inSection && byte === CLOSE_BRACKET);
}

/**
 * A read position in a CommandFrame: a segment index and an offset in it. Literals sit between
 * segments, so reading a literal moves to the start of the next segment.
 */
export class FrameCursor {
  private segment = 0;
  private offset = 0;

  constructor(
    private readonly segments: readonly Buffer[],
    private readonly literals: readonly Buffer[],
    /** BINARY is on: literal8 `~{n}` is a token (which only APPEND accepts). */
    private readonly literal8 = false,
  ) {}

  private get line(): Buffer {
    return this.segments[this.segment] ?? Buffer.alloc(0);
  }

  peek(): number | undefined {
    return this.line[this.offset];
  }

  /** True at the very end of the command (end of the last segment). */
  atEnd(): boolean {
    return this.segment >= this.segments.length - 1 && this.offset >= this.line.length;
  }

  fail(message: string): never {
    throw syntaxError('SYNTAX', `${message} at octet ${this.offset}${this.segment > 0 ? ` of line ${this.segment + 1}` : ''}`);
  }

  expectSpace(what: string): void {
    if (this.peek() !== SP) this.fail(`expected a space before ${what}, found ${describeByte(this.peek())}`);
    this.offset++;
  }

  /** The tag: astring-chars except "+", up to the first space. */
  readTag(): string {
    const start = this.offset;
    while (this.offset < this.line.length && isTagChar(this.line[this.offset]!)) this.offset++;
    return this.line.toString('latin1', start, this.offset);
  }

  /** A command name or UID subcommand: a run of ATOM-CHARs. */
  readCommandName(): string {
    const start = this.offset;
    while (this.offset < this.line.length && isAtomChar(this.line[this.offset]!)) this.offset++;
    if (this.offset === start) this.fail(`expected a command name, found ${describeByte(this.peek())}`);
    return this.line.toString('latin1', start, this.offset).toUpperCase();
  }

  /** The arguments after the command name: SP-separated tokens up to the end of the command. */
  readArguments(): Token[] {
    const tokens: Token[] = [];
    while (!this.atEnd()) {
      this.expectSpace(`argument ${tokens.length + 1}`);
      tokens.push(this.readToken(0, false));
    }
    return tokens;
  }

  private readToken(depth: number, inSection: boolean): Token {
    const byte = this.peek();
    if (byte === OPEN_PAREN) return this.readList(depth + 1, inSection);
    if (byte === DQUOTE) return this.readQuoted();
    if (byte === OPEN_BRACE) return this.readLiteral();
    if (byte === TILDE && this.line[this.offset + 1] === OPEN_BRACE) {
      if (!this.literal8) throw syntaxError('UNSUPPORTED', 'literal8 (~{n}) needs the BINARY extension, which this server does not offer');
      this.offset++;
      return { ...this.readLiteral(), binary: true };
    }
    return this.readWord(depth, inSection);
  }

  private readList(depth: number, inSection: boolean): Token {
    if (depth > MAX_NESTING_DEPTH) throw syntaxError('TOO_DEEP', `lists nested deeper than ${MAX_NESTING_DEPTH} levels`);
    this.offset++; // "("
    const items: Token[] = [];
    while (this.peek() !== CLOSE_PAREN) {
      if (this.peek() === undefined) this.fail('unterminated list, expected ")"');
      if (items.length > 0) this.expectSpace('the next list item');
      items.push(this.readToken(depth, inSection));
    }
    this.offset++; // ")"
    return { kind: 'list', items };
  }

  /**
   * quoted = DQUOTE *QUOTED-CHAR DQUOTE with \" and \\ as the only escapes. RFC 3501 allows only
   * 7-bit text here, but imapflow (and other modern clients) put UTF-8 passwords and search words
   * in quoted strings, and RFC 9051 allows UTF-8 there; rejecting them would lock those users out.
   * So we accept UTF-8 but still refuse NUL, CR, LF and octets that are not valid UTF-8.
   */
  private readQuoted(): Token {
    this.offset++; // opening DQUOTE
    const bytes: number[] = [];
    for (;;) {
      const byte = this.peek();
      if (byte === undefined) this.fail('unterminated quoted string');
      this.offset++;
      if (byte === DQUOTE) break;
      if (byte === BACKSLASH) {
        const escaped = this.peek();
        if (escaped !== DQUOTE && escaped !== BACKSLASH) this.fail(`invalid escape \\${describeByte(escaped)} in quoted string`);
        bytes.push(escaped);
        this.offset++;
        continue;
      }
      if (byte === 0x00 || byte === 0x0d || byte === 0x0a) this.fail(`${describeByte(byte)} is not allowed in a quoted string`);
      bytes.push(byte);
    }
    const raw = Buffer.from(bytes);
    if (!raw.some((byte) => byte >= 0x80)) return { kind: 'quoted', value: raw.toString('latin1') };
    try {
      return { kind: 'quoted', value: decodeUtf8(raw, 'quoted string'), raw };
    } catch {
      return { kind: 'quoted', value: raw.toString('latin1'), raw, invalidUtf8: true };
    }
  }

  /**
   * literal = "{" number ["+"] "}" CRLF *CHAR8. The framer ended the segment at the marker and
   * collected the octets. NUL octets are kept: CHAR8 excludes them, but an APPENDed message is
   * stored as sent, and refusing the odd real-world message with a NUL helps nobody.
   */
  private readLiteral(): Token & { kind: 'literal' } {
    const match = /^\{([0-9]+)(\+?)\}$/.exec(this.line.toString('latin1', this.offset));
    const value = this.literals[this.segment];
    if (match === null || value === undefined) this.fail('"{" must start a literal marker {n} or {n+} at the end of a line');
    if (Number(match[1]) !== value.length) this.fail('literal length does not match its marker');
    this.segment++;
    this.offset = 0;
    return { kind: 'literal', value, nonSync: match[2] === '+' };
  }

  private readWord(depth: number, inSection: boolean): Token {
    const start = this.offset;
    while (this.offset < this.line.length && isWordChar(this.line[this.offset]!, inSection)) {
      if (this.line[this.offset] === OPEN_BRACKET) {
        const name = this.line.toString('latin1', start, this.offset).toUpperCase();
        if (SECTION_NAMES.has(name)) return this.readSection(name, depth);
      }
      this.offset++;
    }
    if (this.offset === start) this.fail(`unexpected ${describeByte(this.peek())}`);
    const value = this.line.toString('latin1', start, this.offset);
    return value.toUpperCase() === 'NIL' ? { kind: 'nil', text: value } : { kind: 'atom', value };
  }

  /** `name[` section-tokens `]` [`<` partial `>`], the cursor on "[". */
  private readSection(name: string, depth: number): Token {
    if (depth + 1 > MAX_NESTING_DEPTH) throw syntaxError('TOO_DEEP', `lists nested deeper than ${MAX_NESTING_DEPTH} levels`);
    this.offset++; // "["
    const section: Token[] = [];
    while (this.peek() !== CLOSE_BRACKET) {
      if (this.peek() === undefined) this.fail(`unterminated section after ${name}, expected "]"`);
      if (section.length > 0) this.expectSpace('the next section item');
      section.push(this.readToken(depth + 1, true));
    }
    this.offset++; // "]"
    let partial: string | undefined;
    if (this.peek() === LESS_THAN) {
      const close = this.line.indexOf(GREATER_THAN, this.offset);
      if (close === -1) this.fail('unterminated partial, expected ">"');
      partial = this.line.toString('latin1', this.offset + 1, close);
      this.offset = close + 1;
    }
    const next = this.peek();
    if (next !== undefined && next !== SP && next !== CLOSE_PAREN) this.fail(`unexpected ${describeByte(next)} after ${name}[...]`);
    return { kind: 'section', name, section, partial };
  }
}

/** A short description of a token for error messages: `atom "FOO"`, `list`, `literal (12 octets)`. */
export function describeToken(token: Token | undefined): string {
  if (token === undefined) return 'nothing';
  switch (token.kind) {
    case 'atom':
      return `"${token.value.length > 40 ? token.value.slice(0, 40) + '...' : token.value}"`;
    case 'nil':
      return 'NIL';
    case 'quoted':
      return 'a quoted string';
    case 'literal':
      return `a literal (${token.value.length} octets)`;
    case 'list':
      return 'a parenthesized list';
    case 'section':
      return `${token.name}[...]`;
  }
}
