/**
 * Command-level parsing: a CommandFrame from the framer becomes `{ tag, command, uid, args }`.
 * Arguments stay generic tokens here; the session picks the typed argument parser for the command
 * (parseFetchArgs, parseSearchArgs, ...), which knows what each position must hold.
 */
import type { NameEncoding } from './args.js';
import { isTag } from './chars.js';
import { ImapSyntaxError, syntaxError } from './errors.js';
import type { CommandFrame } from './framing.js';
import { FrameCursor, type Token } from './tokens.js';

export interface ParsedCommand {
  readonly tag: string;
  /** Upper-cased command name; for `UID FETCH` this is "FETCH" and `uid` is true. */
  readonly command: string;
  readonly uid: boolean;
  readonly args: readonly Token[];
  /** How this session sends mailbox names: 'utf8' after ENABLE UTF8=ACCEPT or IMAP4rev2, else absent (modified UTF-7). */
  readonly names?: NameEncoding;
}

/**
 * Commands that may follow UID (RFC 3501 6.4.8, UIDPLUS RFC 4315 UID EXPUNGE, MOVE RFC 6851,
 * SORT and THREAD RFC 5256). Whether the server offers the command is the registry's business.
 */
export const UID_COMMANDS: ReadonlySet<string> = new Set(['COPY', 'MOVE', 'FETCH', 'SEARCH', 'STORE', 'EXPUNGE', 'SORT', 'THREAD']);

/**
 * Parses a framed command. Throws ImapSyntaxError: INVALID_TAG (no usable tag, answer `* BAD`),
 * or any other code with `tag` set (answer `<tag> BAD`/`NO`).
 */
export function parseCommand(frame: CommandFrame, { literal8 = false, names = 'mutf7' as NameEncoding } = {}): ParsedCommand {
  const cursor = new FrameCursor(frame.segments, frame.literals, literal8);
  const tag = cursor.readTag();
  const afterTag = cursor.peek();
  if (!isTag(tag) || (afterTag !== undefined && afterTag !== 0x20)) {
    throw new ImapSyntaxError('INVALID_TAG', tag === '' && cursor.atEnd() ? 'empty command line' : 'missing or invalid tag');
  }
  try {
    if (cursor.atEnd()) throw syntaxError('SYNTAX', 'missing command name after the tag');
    cursor.expectSpace('the command name');
    let command = cursor.readCommandName();
    let uid = false;
    if (command === 'UID') {
      uid = true;
      if (cursor.atEnd()) throw syntaxError('SYNTAX', 'UID must be followed by COPY, MOVE, FETCH, SEARCH, STORE, EXPUNGE, SORT or THREAD');
      cursor.expectSpace('the command after UID');
      command = cursor.readCommandName();
      if (!UID_COMMANDS.has(command)) {
        throw syntaxError('SYNTAX', `UID ${command} is not a command; UID takes COPY, MOVE, FETCH, SEARCH, STORE, EXPUNGE, SORT or THREAD`);
      }
    }
    return { tag, command, uid, args: cursor.readArguments(), ...(names === 'utf8' ? { names } : {}) };
  } catch (error) {
    if (error instanceof ImapSyntaxError) throw error.withTag(tag);
    throw error;
  }
}
