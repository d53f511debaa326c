import { printable } from '../protocol/printable.js';
import { MASK, octetsSummary } from '../protocol/transcript.js';
import type { CommandFrame } from './syntax/index.js';

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
const CR = 0x0d;
const LF = 0x0a;
/** A line that printable() would leave as it is: most lines, traced without decoding. */
const PLAIN_LINE = /^[\x20-\x7e]*$/;

/** Where the next CRLF starts at or after `from`, or -1: a search for one byte (memchr), not two. */
function indexOfCrlf(bytes: Buffer, from: number): number {
  for (let cr = bytes.indexOf(CR, from); cr !== -1; cr = bytes.indexOf(CR, cr + 1)) {
    if (bytes[cr + 1] === LF) return cr;
  }
  return -1;
}

/**
 * Octets start..stop of `bytes` as a transcript shows them, given their latin1 reading: most lines
 * are that reading as it is, and only the others are decoded (from a view made just for them).
 */
function traceText(latin1: string, bytes: Buffer, start = 0, stop = bytes.length): string {
  return PLAIN_LINE.test(latin1) ? latin1 : printable(lineText(bytes.subarray(start, stop)));
}

/**
 * The lines of a server response as a transcript shows them: each CRLF-terminated line, with the
 * octets of every literal summarized as "<n octets>" (message bodies would drown the transcript).
 */
export function responseTraceLines(bytes: Buffer): string[] {
  return responseTraceLinesOf([bytes]);
}

/**
 * The same for a response written in pieces (serialize.ts untaggedResponseChunks): a literal's
 * octets may be a piece of their own, skipped without being joined to the rest.
 */
export function responseTraceLinesOf(chunks: readonly Buffer[]): string[] {
  const lines: string[] = [];
  let skip = 0;
  for (const chunk of chunks) skip = traceChunk(chunk, skip, lines);
  return lines;
}

/** Adds the lines of `bytes` after the first `skip` octets (the rest of a literal); returns what is left to skip. */
function traceChunk(bytes: Buffer, skip: number, lines: string[]): number {
  if (skip >= bytes.length) return skip - bytes.length;
  let pos = skip;
  while (pos < bytes.length) {
    const end = indexOfCrlf(bytes, pos);
    const stop = end === -1 ? bytes.length : end;
    const text = bytes.toString('latin1', pos, stop);
    const line = traceText(text, bytes, pos, stop);
    if (line !== '') lines.push(line);
    pos = end === -1 ? bytes.length : end + 2;
    const literal = text.endsWith('}') ? LITERAL_AT_END.exec(text) : null;
    if (literal) {
      const size = Number(literal[1]);
      lines.push(octetsSummary(size));
      pos += size;
      // What follows the literal on the same logical line ("...)\r\n") is traced as its own line.
    }
  }
  return pos - bytes.length;
}

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
    const line = traceText(i === 0 ? first : segment.toString('latin1'), segment);
    if (line !== '') lines.push(line);
    const literal = frame.literals[i];
    if (literal) lines.push(octetsSummary(literal.length));
  });
  return lines;
}
