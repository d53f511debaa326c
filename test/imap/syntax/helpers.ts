/**
 * Test helpers: run bytes through the framer, parse single commands, and ask imapflow (as an
 * oracle only) what a real client puts on the wire.
 */
import { CommandFramer, type FramerEvent } from '../../../src/imap/syntax/framing.js';
import { parseCommand, type ParsedCommand } from '../../../src/imap/syntax/parser.js';

/** Feeds `input` to a fresh framer in chunks of `chunkSize` (Infinity: one chunk) and returns the events. */
export function frame(input: Buffer | string, chunkSize = Number.POSITIVE_INFINITY): FramerEvent[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const events: FramerEvent[] = [];
  const framer = new CommandFramer((event) => events.push(event));
  const step = Math.min(chunkSize, Math.max(bytes.length, 1));
  for (let i = 0; i < bytes.length; i += step) framer.push(bytes.subarray(i, i + step));
  return events;
}

/** Feeds `input` split at the two offsets (any of them may be 0 or the end). */
export function frameSplit(bytes: Buffer, first: number, second: number): FramerEvent[] {
  const events: FramerEvent[] = [];
  const framer = new CommandFramer((event) => events.push(event));
  framer.push(bytes.subarray(0, first));
  framer.push(bytes.subarray(first, second));
  framer.push(bytes.subarray(second));
  return events;
}

/** Frames one complete command (CRLF added when missing) and parses it. */
export function parse(line: string | Buffer): ParsedCommand {
  let bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  if (bytes[bytes.length - 1] !== 0x0a) bytes = Buffer.concat([bytes, Buffer.from('\r\n')]);
  const commands = frame(bytes).filter((event) => event.kind === 'command');
  if (commands.length !== 1) throw new Error(`expected one command, framed ${commands.length}`);
  return parseCommand(commands[0]!.frame);
}

/** Captures the thrown value of `fn` (tests assert on its code and message). */
export function thrown(fn: () => unknown): { code?: string; message: string; tag?: string } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; message: string; tag?: string };
  }
  throw new Error('expected an error, none was thrown');
}
