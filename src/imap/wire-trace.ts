import { MASK } from '../protocol/transcript.js';
import type { CommandFrame } from './syntax/index.js';

/** Printable form of wire text: control characters as \xNN, so a transcript line stays one line. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const LITERAL_AT_END = /\{(\d+)\+?\}$/;

/**
 * The lines of a server response as a transcript shows them: each CRLF-terminated line, with the
 * octets of every literal summarized as "<n octets>" (message bodies would drown the transcript).
 */
export function responseTraceLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const end = bytes.indexOf('\r\n', pos);
    const stop = end === -1 ? bytes.length : end;
    const text = bytes.subarray(pos, stop).toString('latin1');
    lines.push(printable(text));
    pos = end === -1 ? bytes.length : end + 2;
    const literal = LITERAL_AT_END.exec(text);
    if (literal) {
      const size = Number(literal[1]);
      lines.push(`<${size} octets>`);
      pos += size;
      // What follows the literal on the same logical line ("...)\r\n") is traced as its own line.
    }
  }
  return lines.filter((line) => line !== '');
}

/**
 * A client command as a transcript shows it: its line segments with literals summarized. LOGIN
 * and AUTHENTICATE are shown without their secrets (and without their length): as
 * "tag LOGIN user ********" when the user name is known, else "tag LOGIN ********".
 */
export function commandTraceLines(frame: CommandFrame, loginUser?: string): string[] {
  const first = frame.segments[0]?.toString('latin1') ?? '';
  const login = /^(\S+) LOGIN(?: |$)/i.exec(first);
  if (login) return [`${login[1]} LOGIN ${loginUser === undefined ? '' : `${printable(loginUser)} `}${MASK}`];
  const auth = /^(\S+ AUTHENTICATE \S+) \S+$/i.exec(first);
  if (auth && frame.segments.length === 1) return [`${auth[1]} ${MASK}`];
  const lines: string[] = [];
  frame.segments.forEach((segment, i) => {
    lines.push(printable(segment.toString('latin1')));
    const literal = frame.literals[i];
    if (literal) lines.push(`<${literal.length} octets>`);
  });
  return lines.filter((line) => line !== '');
}
