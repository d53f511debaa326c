import { printable } from '../protocol/printable.js';
import { MASK, octetsSummary } from '../protocol/transcript.js';
import type { CommandFrame, WirePiece } from './syntax/index.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A line's octets as text: UTF-8 when they are (UTF8=ACCEPT and IMAP4rev2 names), else latin1. */
function lineText(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

const LITERAL_AT_END = /\{(\d+)\+?\}$/;
/** A line that printable() would leave as it is: most lines, traced without decoding. */
const PLAIN_LINE = /^[\x20-\x7e]*$/;

/** A line's octets, given as latin1 text, as a transcript shows them: most lines as they are. */
function traceLine(latin1: string): string {
  return PLAIN_LINE.test(latin1) ? latin1 : printable(lineText(Buffer.from(latin1, 'latin1')));
}

/**
 * The lines of a server response as a transcript shows them: each CRLF-terminated line, with the
 * octets of every literal summarized as "<n octets>" (message bodies would drown the transcript).
 */
export function responseTraceLines(bytes: Buffer): string[] {
  return responseTraceLinesOf([bytes]);
}

/**
 * The same for a response written in pieces (serialize.ts untaggedResponseChunks): text, and
 * literal octets that are a piece of their own, skipped without being read. A line ends at the
 * end of its piece too.
 */
export function responseTraceLinesOf(chunks: readonly WirePiece[]): string[] {
  const lines: string[] = [];
  let skip = 0;
  for (const chunk of chunks) {
    if (skip >= chunk.length) skip -= chunk.length;
    else skip = tracePiece(typeof chunk === 'string' ? chunk.slice(skip) : chunk.toString('latin1', skip), lines);
  }
  return lines;
}

/**
 * Keeps a response to trace it later (server/transcripts.ts): `keepResponse` hands it the text of
 * each piece from where the literal before it ends. Pieces that literal octets cover entirely (a
 * message body written as a piece of its own) are not handed over: the trace never reads them.
 */
export type ResponseKeeper = (latin1: string) => void;

/**
 * Hands a response's pieces to `keep` as keptResponseLines will want them back, without tracing
 * them, and returns how many lines responseTraceLinesOf makes of the response. A server records
 * far more responses than anyone reads: keeping their text costs less than making their lines.
 */
export function keepResponse(chunks: readonly WirePiece[], keep: ResponseKeeper): number {
  let skip = 0;
  let lines = 0;
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    const text = typeof chunk === 'string' ? (skip === 0 ? chunk : chunk.slice(skip)) : chunk.toString('latin1', skip);
    keep(text);
    skip = tracePiece(text, undefined);
    lines += countedLines;
  }
  return lines;
}

/**
 * The lines of a response kept by keepResponse, from the texts it kept: each begins where the
 * previous one's literals end, so they are traced one after the other with nothing to skip.
 */
export function keptResponseLines(texts: readonly string[], lines: string[]): void {
  for (const text of texts) tracePiece(text, lines);
}

/** The lines tracePiece counted when it was given no array to add them to. */
let countedLines = 0;
const BYTE_ORDER_MARK = '\xef\xbb\xbf';

/**
 * Adds the lines of a piece's latin1 text to `lines` (or only counts them, in countedLines);
 * returns how many octets of a literal run past its end. Counting gives the same number as
 * adding: a line shows as nothing only when it is empty, or is a UTF-8 byte order mark alone
 * (which the decoder drops).
 */
function tracePiece(text: string, lines: string[] | undefined): number {
  let pos = 0;
  let count = 0;
  while (pos < text.length) {
    const end = text.indexOf('\r\n', pos);
    const stop = end === -1 ? text.length : end;
    if (lines) {
      const shown = traceLine(text.slice(pos, stop));
      if (shown !== '') lines.push(shown);
    } else if (stop > pos && !(stop - pos === 3 && text.startsWith(BYTE_ORDER_MARK, pos))) count++;
    const literal = stop > pos && text.charCodeAt(stop - 1) === CLOSING_BRACE ? LITERAL_AT_END.exec(text.slice(pos, stop)) : null;
    pos = end === -1 ? text.length : end + 2;
    if (literal) {
      const size = Number(literal[1]);
      if (lines) lines.push(octetsSummary(size));
      else count++;
      pos += size;
      // What follows the literal on the same logical line ("...)\r\n") is traced as its own line.
    }
  }
  countedLines = count;
  return pos - text.length;
}

const CLOSING_BRACE = 0x7d;

/** Commands whose arguments carry a secret: a password, or a SASL response holding one. */
const SECRET_COMMANDS = new Set(['LOGIN', 'AUTHENTICATE']);
/** The first or second word is one of SECRET_COMMANDS (the lines are latin1, so /i folds as toUpperCase does). */
const MAYBE_SECRET = /^[ \t]*(?:[^ \t]+[ \t]+)?(?:LOGIN|AUTHENTICATE)(?:[ \t]|$)/i;

/**
 * The visible part of a command line that carries a secret, judged by its first words however
 * they are spaced (runs of SP or TAB) and whether or not it has a tag: the command name is the
 * first or second word. LOGIN keeps nothing after its name (the user name, when known, comes from
 * the parsed arguments); AUTHENTICATE keeps its mechanism. Undefined when the line has no secret.
 */
function visiblePart(line: string): { readonly text: string; readonly name: string; readonly hidden: boolean } | undefined {
  // Most lines are not LOGIN or AUTHENTICATE: tell so without splitting the line into words.
  if (!MAYBE_SECRET.test(line)) return undefined;
  const words = line.split(/[ \t]+/).filter((word) => word !== '');
  const at = [0, 1].find((i) => SECRET_COMMANDS.has(words[i]?.toUpperCase() ?? ''));
  if (at === undefined) return undefined;
  const name = words[at]!.toUpperCase();
  const keep = at + (name === 'AUTHENTICATE' ? 2 : 1);
  return { text: words.slice(0, keep).join(' '), name, hidden: words.length > keep };
}

/** LOGIN or AUTHENTICATE when the frame is one of them (however spaced or tagged), else undefined. */
export function secretCommandName(frame: CommandFrame): string | undefined {
  return visiblePart(frame.segments[0]?.toString('latin1') ?? '')?.name;
}

/**
 * A client command as a transcript shows it: its line segments with literals summarized. LOGIN
 * and AUTHENTICATE are shown without their secrets (and without their length), whatever their
 * spacing, tag or literals: "tag LOGIN user ********" when the parsed user name is known, else
 * "tag LOGIN ********"; "tag AUTHENTICATE PLAIN ********" when anything follows the mechanism.
 */
export function commandTraceLines(frame: CommandFrame, loginUser?: string): string[] {
  const first = frame.segments[0]?.toString('latin1') ?? '';
  const visible = visiblePart(first);
  if (visible) {
    const shown = printable(visible.text);
    if (visible.name === 'LOGIN') return [`${shown} ${loginUser === undefined ? '' : `${printable(loginUser)} `}${MASK}`];
    return [visible.hidden || frame.literals.length > 0 ? `${shown} ${MASK}` : shown];
  }
  const lines: string[] = [];
  frame.segments.forEach((segment, i) => {
    const line = traceLine(i === 0 ? first : segment.toString('latin1'));
    if (line !== '') lines.push(line);
    const literal = frame.literals[i];
    if (literal) lines.push(octetsSummary(literal.length));
  });
  return lines;
}
