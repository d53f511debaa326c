import { MASK } from '../protocol/transcript.js';
import type { CommandContext, Pop3Command } from './command.js';
import { COMMANDS } from './commands/registry.js';
import { Pop3CommandError } from './errors.js';
import { MAX_COMMAND_LINE_OCTETS } from './limits.js';
import type { Reply } from './reply.js';
import type { OpenState } from './state.js';
import { printable } from './text.js';

/** A command line split into keyword and the rest, with the command it names if any. */
export interface ParsedLine {
  /** The keyword as sent (case kept, for the transcript). */
  readonly keyword: string;
  readonly rest: string;
  readonly command?: Pop3Command;
}

/** Keywords are case-insensitive (RFC 1939 3); the keyword ends at the first space or tab. */
export function parseLine(bytes: Buffer): ParsedLine {
  // UTF-8 so a non-ASCII password or user name reaches the store intact; invalid bytes become
  // U+FFFD, which matches no keyword and no password, so garbage stays harmless.
  const text = bytes.toString('utf8');
  const match = /[ \t]/.exec(text);
  const keyword = match ? text.slice(0, match.index) : text;
  const rest = match ? text.slice(match.index + 1) : '';
  return { keyword, rest, command: COMMANDS.get(keyword.toUpperCase()) };
}

/** Arguments: the rest of the line as one (PASS), or words separated by spaces/tabs. */
export function splitArgs(command: Pop3Command, rest: string): string[] {
  if (command.args.rest) return rest === '' ? [] : [rest];
  const trimmed = rest.replace(/[ \t]+$/, '').replace(/^[ \t]+/, '');
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}

/**
 * The line as the transcript shows it: secrets replaced by MASK, control characters escaped.
 * Judged by the words of the line however it is spaced (a leading space, tabs), not by the
 * well-formed command alone: PASS shows nothing after its keyword, APOP its name only, AUTH (which
 * we do not offer) its mechanism only, and USER nothing past its one argument - clients that
 * misplace a password put it there. `secret` masks the whole line (a SASL answer, see Pop3Session).
 */
export function transcriptLine(parsed: ParsedLine, secret = false): string {
  if (secret) return MASK;
  const line = parsed.rest === '' ? parsed.keyword : `${parsed.keyword} ${parsed.rest}`;
  const words = line.split(/[ \t]+/).filter((word) => word !== '');
  const visible = VISIBLE_WORDS.get(words[0]?.toUpperCase() ?? '');
  if (visible === undefined || words.length <= visible) return printable(line, MAX_COMMAND_LINE_OCTETS);
  return printable([...words.slice(0, visible), MASK].join(' '), MAX_COMMAND_LINE_OCTETS);
}

/** How many words of a command line may be shown, keyword included; the rest is masked. */
const VISIBLE_WORDS: ReadonlyMap<string, number> = new Map([
  ['PASS', 1],
  ['APOP', 2],
  ['AUTH', 2],
  ['USER', 2],
]);

/** Whether the line is AUTH (not offered): the client may follow it with SASL lines. */
export function isAuthLine(parsed: ParsedLine): boolean {
  const first = `${parsed.keyword} ${parsed.rest}`.trim().split(/[ \t]+/)[0] ?? '';
  return first.toUpperCase() === 'AUTH';
}

/**
 * Runs one parsed line in the given state: the single place that refuses unknown commands,
 * commands in the wrong state and wrong argument counts, before any handler runs. Returns the
 * handler's reply; throws Pop3CommandError for every -ERR.
 */
export function execute(parsed: ParsedLine, ctx: CommandContext<OpenState>): Reply {
  const { command, keyword } = parsed;
  if (!command) {
    if (keyword === '') throw new Pop3CommandError('UNKNOWN_COMMAND', 'empty command line');
    throw new Pop3CommandError('UNKNOWN_COMMAND', `unknown command "${printable(keyword)}"`);
  }
  if (!command.states.includes(ctx.state.kind)) {
    const when = ctx.state.kind === 'authorization' ? 'after login' : 'before login';
    throw new Pop3CommandError('WRONG_STATE', `${command.name} is only valid ${when}`);
  }
  if (command.logsIn && ctx.transport.loginDisabled) {
    throw new Pop3CommandError('TLS_REQUIRED', 'plaintext authentication disallowed on non-secure connections: send STLS first');
  }
  const args = splitArgs(command, parsed.rest);
  if (args.length < command.args.min) {
    throw new Pop3CommandError('SYNTAX', `missing argument; usage: ${command.usage}`);
  }
  if (args.length > command.args.max) {
    throw new Pop3CommandError('SYNTAX', `too many arguments; usage: ${command.usage}`);
  }
  try {
    return command.handle(ctx, args);
  } catch (error) {
    if (error instanceof Pop3CommandError) throw error;
    // A bug or an unexpected store error: answer it and keep the session (DESIGN: never crash).
    throw new Pop3CommandError('INTERNAL', `internal error in ${command.name}`);
  }
}
