/**
 * IMAP command framing: bytes in, complete commands (lines plus collected literals) out.
 *
 * A push-based state machine that knows nothing of sockets, in the manner of the websockets/ws
 * receiver: one small method per state, bytes taken from a ByteQueue with consume(n), so a command
 * split at any byte - down to one byte per chunk - frames the same. Everything the session must act
 * on (send "+ Ready", refuse a literal, answer BAD, close) arrives as a FramerEvent.
 */
import { ByteQueue } from './byte-queue.js';
import { sniffTag } from './chars.js';
import { MAX_COMMAND_SIZE, MAX_LINE_LENGTH, MAX_LITERAL_SIZE, MAX_LITERALS_PER_COMMAND } from './limits.js';
import { findLiteralMarker, type LiteralMarker } from './literal-marker.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * A complete command. `segments[i]` is the line text before literal i (without CRLF, ending in
 * its `{n}` / `{n+}` marker); the last segment follows the last literal. parseCommand() reads it.
 */
export interface CommandFrame {
  readonly segments: readonly Buffer[];
  readonly literals: readonly Buffer[];
}

/**
 * Which limit a literal or line broke. The syntax limits are in limits.ts; the session may add its
 * own through FramerOptions.admitLiteral: LOGIN_REQUIRED (a literal too big for a client that has
 * not logged in) and SERVER_BUSY (the whole server holds as many literal octets as it will).
 */
export type FramingLimit = 'LINE_TOO_LONG' | LiteralLimit;
export type LiteralLimit = 'LITERAL_TOO_LARGE' | 'TOO_MANY_LITERALS' | 'COMMAND_TOO_LARGE' | 'LOGIN_REQUIRED' | 'SERVER_BUSY';

export interface FramerOptions {
  /**
   * Asked for every literal that passed the syntax limits, before its octets are invited or read;
   * a limit refuses it. The session uses it for limits that depend on its state and on the server.
   */
  readonly admitLiteral?: (size: number) => LiteralLimit | undefined;
}

export type FramerEvent =
  /** A complete command, in 'command' mode. */
  | { readonly kind: 'command'; readonly frame: CommandFrame }
  /**
   * A synchronizing literal `{n}` passed the limits: write `+ Ready for literal data` now, the
   * client sends the n octets only after it.
   */
  | { readonly kind: 'continuation'; readonly tag: string | undefined; readonly size: number }
  /**
   * A synchronizing literal broke a limit. No continuation was requested, so the client will not
   * send the octets; the command is dropped. Answer `<tag> NO [TOOBIG] ...` (RFC 7889 / RFC 4469)
   * for LITERAL_TOO_LARGE and COMMAND_TOO_LARGE, `<tag> BAD ...` for TOO_MANY_LITERALS.
   */
  | {
      readonly kind: 'literalRejected';
      readonly tag: string | undefined;
      readonly size: number;
      readonly limit: LiteralLimit;
    }
  /**
   * A line passed MAX_LINE_LENGTH. Answer `<tag> BAD line too long` (`* BAD` without a tag); the
   * framer discards the rest of that command, including the octets of non-synchronizing literals
   * it announced, and resumes at the next command.
   */
  | { readonly kind: 'lineTooLong'; readonly tag: string | undefined }
  /**
   * A non-synchronizing literal `{n+}` broke a limit. The client sends those octets without
   * waiting (RFC 7888 3), so refusing the command cannot stop them: we could only read and throw
   * away up to gigabytes, or close. We close: answer `* BYE` (or `<tag> BAD` then `* BYE`) and end
   * the connection. The framer ignores all further input.
   */
  | { readonly kind: 'fatal'; readonly tag: string | undefined; readonly size: number; readonly limit: FramingLimit }
  /**
   * A non-synchronizing literal larger than the server allows them (none without LITERAL+, 4096
   * octets with LITERAL-, RFC 7888). The octets are read and thrown away with the rest of the
   * command; answer `<tag> BAD [TOOBIG] ...` and go on.
   */
  | { readonly kind: 'nonSyncRefused'; readonly tag: string | undefined; readonly size: number; readonly limit: number }
  /** A raw line, in 'line' mode: `DONE` during IDLE, a SASL response during AUTHENTICATE. */
  | { readonly kind: 'line'; readonly line: Buffer };

/**
 * 'command': frame IMAP commands with literals. 'line': deliver each line as is, no literal
 * handling - IDLE's DONE and AUTHENTICATE's base64 lines are not commands (RFC 2177, RFC 3501 6.2.2).
 */
export type FramerMode = 'command' | 'line';

interface OpenCommand {
  readonly segments: Buffer[];
  readonly literals: Buffer[];
  readonly tag: string | undefined;
  /** Octets so far, lines and declared literals, for MAX_COMMAND_SIZE. */
  size: number;
}

type State =
  /** Reading a line: a new command (command undefined) or the segment after a literal. */
  | { readonly kind: 'line'; readonly command: OpenCommand | undefined; readonly parts: Buffer[]; length: number }
  | { readonly kind: 'literal'; readonly command: OpenCommand; readonly parts: Buffer[]; remaining: number }
  /** Throwing away a too-long line; `tail` keeps its last bytes to spot a `{n+}` marker. */
  | { readonly kind: 'discardLine'; readonly tag: string | undefined; readonly literals: boolean; tail: Buffer }
  /** Throwing away the octets of a non-synchronizing literal announced by a discarded line. */
  | { readonly kind: 'skipLiteral'; readonly tag: string | undefined; remaining: number }
  | { readonly kind: 'closed' };

/** Enough trailing bytes of a discarded line to hold the longest marker we recognise. */
const MARKER_WINDOW = 32;

function newLine(command?: OpenCommand): State {
  return { kind: 'line', command, parts: [], length: 0 };
}

export class CommandFramer {
  private readonly queue = new ByteQueue();
  private state: State = newLine();
  private currentMode: FramerMode = 'command';
  private isPaused = false;
  /** Set while the loop runs, so a listener calling push()/resume() does not re-enter it. */
  private running = false;
  /**
   * Largest non-synchronizing literal accepted: unbounded with LITERAL+, 4096 with LITERAL-,
   * -1 when the server offers neither (RFC 7888). The session sets it from its features.
   */
  maxNonSyncLiteral = Number.POSITIVE_INFINITY;
  /** BINARY (RFC 3516): literal8 `~{n}` is framed like a literal (continuation and all). */
  acceptLiteral8 = false;

  constructor(
    private readonly onEvent: (event: FramerEvent) => void,
    private readonly options: FramerOptions = {},
  ) {}

  /** Feeds received bytes; events for every complete unit are delivered before this returns. */
  push(chunk: Buffer): void {
    if (this.state.kind === 'closed') return;
    this.queue.push(chunk);
    this.run();
  }

  /**
   * Switches between command framing and raw lines. Takes effect at the next line, so a listener
   * may call it from the `command` event of IDLE or AUTHENTICATE and the very next bytes of the same
   * chunk are already read as raw lines.
   */
  setMode(mode: FramerMode): void {
    this.currentMode = mode;
  }

  get mode(): FramerMode {
    return this.currentMode;
  }

  /**
   * Stops delivering events (input is still buffered) until resume(): for a session that handles
   * a command asynchronously and must not see the next one before answering. Callable from a
   * listener; the event being delivered is the last one until resume().
   */
  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.run();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Received octets not yet framed (the session may stop reading the socket above some amount). */
  get bufferedBytes(): number {
    return this.queue.length;
  }

  /**
   * True while a command is half received: inside a literal, or on a line that follows one. The
   * session times such a command out when the client stops sending (a stalled literal).
   */
  get midCommand(): boolean {
    return this.state.kind === 'literal' || (this.state.kind === 'line' && this.state.command !== undefined);
  }

  /** Literal octets collected so far for the command being framed. */
  get literalBytes(): number {
    const state = this.state;
    if (state.kind !== 'literal' && state.kind !== 'line') return 0;
    const command = state.command;
    if (command === undefined) return 0;
    let total = 0;
    for (const literal of command.literals) total += literal.length;
    if (state.kind === 'literal') for (const part of state.parts) total += part.length;
    return total;
  }

  /**
   * Drops every received octet not framed yet, at a command boundary: after STARTTLS, whatever the
   * client sent in plaintext behind the command must never run as a command once TLS is on
   * (RFC 3501 6.2.1, RFC 2595 3.1; the STARTTLS command-injection flaw, CVE-2011-0411).
   */
  discardBuffered(): number {
    const dropped = this.queue.length;
    this.queue.clear();
    this.state = newLine();
    return dropped;
  }

  /** True after a fatal event: the connection must be closed, input is ignored. */
  get closed(): boolean {
    return this.state.kind === 'closed';
  }

  private run(): void {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.isPaused && this.step()) {
        // each step consumed input or changed state
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs the current state's method; false when it needs more input. */
  private step(): boolean {
    const state = this.state;
    switch (state.kind) {
      case 'line':
        return this.readLine(state);
      case 'literal':
        return this.readLiteral(state);
      case 'discardLine':
        return this.discardLine(state);
      case 'skipLiteral':
        return this.skipLiteral(state);
      case 'closed':
        return false;
    }
  }

  private readLine(state: State & { kind: 'line' }): boolean {
    const chunk = this.queue.peekChunk();
    if (chunk === undefined) return false;
    const lf = chunk.indexOf(LF);
    const piece = this.queue.consume(lf === -1 ? chunk.length : lf + 1);
    state.parts.push(lf === -1 ? piece : piece.subarray(0, piece.length - 1));
    state.length += piece.length - (lf === -1 ? 0 : 1);
    if (lf === -1) {
      // +1: the last byte may be the CR of a CRLF split across chunks.
      if (state.length > MAX_LINE_LENGTH + 1) this.lineOverflow(state);
      return true;
    }
    let line = state.parts.length === 1 ? state.parts[0]! : Buffer.concat(state.parts);
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length > MAX_LINE_LENGTH) {
      const discarding = this.lineOverflow(state);
      this.endDiscardedLine(discarding);
      return true;
    }
    this.finishLine(state.command, line);
    return true;
  }

  private finishLine(open: OpenCommand | undefined, line: Buffer): void {
    if (open === undefined && this.currentMode === 'line') {
      this.state = newLine();
      this.onEvent({ kind: 'line', line });
      return;
    }
    const command = open ?? { segments: [], literals: [], tag: sniffTag(line), size: 0 };
    command.segments.push(line);
    command.size += line.length;
    const marker = findLiteralMarker(line);
    // "~{n}" (literal8) needs BINARY: without it, never invite its octets; the parser answers BAD.
    // A "~{n+}" literal arrives anyway, so it is framed and then refused the same way.
    if (marker === undefined || (marker.binary && !marker.nonSync && !this.acceptLiteral8)) {
      this.state = newLine();
      this.onEvent({ kind: 'command', frame: { segments: command.segments, literals: command.literals } });
      return;
    }
    const limit = this.literalLimit(command, marker);
    if (limit !== undefined) {
      this.rejectLiteral(command.tag, marker, limit);
      return;
    }
    if (marker.nonSync && marker.size > this.maxNonSyncLiteral) {
      // The client sends the octets without waiting: skip them and the rest of the command.
      this.state = { kind: 'skipLiteral', tag: command.tag, remaining: marker.size };
      this.onEvent({ kind: 'nonSyncRefused', tag: command.tag, size: marker.size, limit: this.maxNonSyncLiteral });
      return;
    }
    // Last, so a literal the session admits (and may count) is one the framer will read.
    const refused = this.options.admitLiteral?.(marker.size);
    if (refused !== undefined) {
      this.rejectLiteral(command.tag, marker, refused);
      return;
    }
    command.size += marker.size;
    this.state = { kind: 'literal', command, parts: [], remaining: marker.size };
    if (!marker.nonSync) this.onEvent({ kind: 'continuation', tag: command.tag, size: marker.size });
  }

  private literalLimit(command: OpenCommand, marker: LiteralMarker): LiteralLimit | undefined {
    if (marker.size > MAX_LITERAL_SIZE) return 'LITERAL_TOO_LARGE';
    if (command.literals.length >= MAX_LITERALS_PER_COMMAND) return 'TOO_MANY_LITERALS';
    if (command.size + marker.size > MAX_COMMAND_SIZE) return 'COMMAND_TOO_LARGE';
    return undefined;
  }

  private rejectLiteral(tag: string | undefined, marker: LiteralMarker, limit: LiteralLimit): void {
    if (marker.nonSync) {
      this.close();
      this.onEvent({ kind: 'fatal', tag, size: marker.size, limit });
      return;
    }
    this.state = newLine();
    this.onEvent({ kind: 'literalRejected', tag, size: marker.size, limit });
  }

  private readLiteral(state: State & { kind: 'literal' }): boolean {
    if (state.remaining > 0) {
      const chunk = this.queue.peekChunk();
      if (chunk === undefined) return false;
      const piece = this.queue.consume(Math.min(chunk.length, state.remaining));
      state.parts.push(piece);
      state.remaining -= piece.length;
      if (state.remaining > 0) return true;
    }
    // Copied even from a single piece: a subarray would pin the socket's whole chunk.
    state.command.literals.push(Buffer.concat(state.parts));
    this.state = newLine(state.command);
    return true;
  }

  /** Enters discardLine for the line in `state` and tells the session. */
  private lineOverflow(state: State & { kind: 'line' }): State & { kind: 'discardLine' } {
    const tag = state.command?.tag ?? sniffTag(Buffer.concat(state.parts).subarray(0, 300));
    const literals = state.command !== undefined || this.currentMode === 'command';
    const discarding: State & { kind: 'discardLine' } = { kind: 'discardLine', tag, literals, tail: lastBytes(state.parts) };
    this.state = discarding;
    this.onEvent({ kind: 'lineTooLong', tag });
    return discarding;
  }

  private discardLine(state: State & { kind: 'discardLine' }): boolean {
    const chunk = this.queue.peekChunk();
    if (chunk === undefined) return false;
    const lf = chunk.indexOf(LF);
    const piece = this.queue.consume(lf === -1 ? chunk.length : lf + 1);
    state.tail = lastBytes([state.tail, piece]);
    if (lf !== -1) this.endDiscardedLine(state);
    return true;
  }

  /**
   * A discarded line ended. If it announced a non-synchronizing literal, the client sends those
   * octets regardless; skip them and the rest of the command so we resync on the next command.
   */
  private endDiscardedLine(state: State & { kind: 'discardLine' }): void {
    let end = state.tail.length;
    if (end > 0 && state.tail[end - 1] === LF) end--;
    if (end > 0 && state.tail[end - 1] === CR) end--;
    const marker = state.literals ? findLiteralMarker(state.tail.subarray(0, end)) : undefined;
    if (marker === undefined || !marker.nonSync) {
      this.state = newLine();
      return;
    }
    if (marker.size > MAX_LITERAL_SIZE) {
      this.close();
      this.onEvent({ kind: 'fatal', tag: state.tag, size: marker.size, limit: 'LITERAL_TOO_LARGE' });
      return;
    }
    this.state = { kind: 'skipLiteral', tag: state.tag, remaining: marker.size };
  }

  private skipLiteral(state: State & { kind: 'skipLiteral' }): boolean {
    if (state.remaining > 0) {
      const chunk = this.queue.peekChunk();
      if (chunk === undefined) return false;
      state.remaining -= this.queue.consume(Math.min(chunk.length, state.remaining)).length;
      if (state.remaining > 0) return true;
    }
    // The command goes on after its literal (at least a CRLF): discard that line too.
    this.state = { kind: 'discardLine', tag: state.tag, literals: true, tail: Buffer.alloc(0) };
    return true;
  }

  private close(): void {
    this.state = { kind: 'closed' };
    this.queue.clear();
  }
}

/** The last MARKER_WINDOW bytes of the concatenated parts. */
function lastBytes(parts: readonly Buffer[]): Buffer {
  const tail: Buffer[] = [];
  let length = 0;
  for (let i = parts.length - 1; i >= 0 && length < MARKER_WINDOW; i--) {
    const part = parts[i]!;
    tail.unshift(part);
    length += part.length;
  }
  const joined = Buffer.concat(tail);
  return Buffer.from(joined.subarray(Math.max(0, joined.length - MARKER_WINDOW)));
}
