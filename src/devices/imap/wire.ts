import { MASK, type Direction, type WireListener } from '../../protocol/transcript.js';

/**
 * Turns a byte stream (either direction of an IMAP connection) into transcript lines: each
 * CRLF-terminated line, with the octets of every literal shown as "<n octets>". Chunks may split
 * anywhere, including inside a literal.
 */
export class WireLineSplitter {
  private pending = Buffer.alloc(0);
  /** Octets of a literal still to skip. */
  private literalLeft = 0;

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    let data = Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    for (;;) {
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, data.length);
        this.literalLeft -= take;
        data = data.subarray(take);
        if (this.literalLeft > 0) return;
      }
      const end = data.indexOf('\r\n');
      if (end === -1) {
        this.pending = Buffer.from(data);
        return;
      }
      const line = data.subarray(0, end).toString('latin1');
      data = data.subarray(end + 2);
      if (line !== '') this.emit(line.replace(/[\x00-\x1f\x7f]/g, '?'));
      const literal = /\{(\d+)\+?\}$/.exec(line);
      if (literal) {
        this.literalLeft = Number(literal[1]);
        this.emit(`<${this.literalLeft} octets>`);
      }
    }
  }
}

interface RawEntry {
  readonly src?: string;
  readonly msg?: string;
  readonly data?: string;
  readonly hidden?: boolean;
}

const HIDDEN = /"?\(\* value hidden \*\)"?/g;

/**
 * An imapflow logger (with `logRaw: true`) that reports what actually crossed the socket as
 * WireEvents. imapflow withholds the raw frames of LOGIN and AUTHENTICATE; for those we show its
 * own masked command line once, then the mask.
 */
export interface ImapFlowLogger {
  trace(entry: unknown): void;
  debug(entry: unknown): void;
  info(entry: unknown): void;
  warn(entry: unknown): void;
  error(entry: unknown): void;
  fatal(entry: unknown): void;
  /** imapflow asks before serializing a response for the log (every FETCH line at trace). */
  isLevelEnabled?(level: string): boolean;
}

/**
 * imapflow answers a refused command (NO/BAD) to MOVE, STORE, COPY and EXPUNGE with `false` and
 * logs the error at warn level instead of throwing; `onCommandError` receives that error, so the
 * device can report the server's own words.
 */
/**
 * imapflow logs this at debug level when the server's "+" continuation to IDLE arrives: the moment
 * the server is idling. Pinned with imapflow ~2.10; a test fails if it changes.
 */
const IDLE_STARTED = 'Initiated IDLE, waiting for server input';

export function imapFlowLogger(onWire: WireListener | undefined, connection: number, onCommandError: (error: unknown) => void, onIdleStarted: () => void = () => undefined): ImapFlowLogger {
  const ignore = (): void => undefined;
  const warn = (raw: unknown): void => {
    const err = (raw as { err?: unknown } | undefined)?.err;
    if (err) onCommandError(err);
  };
  const idle = (raw: unknown): void => {
    if ((raw as { msg?: unknown } | undefined)?.msg === IDLE_STARTED) onIdleStarted();
  };
  // Without a wire listener nothing reads what imapflow serializes for its log, so it is told that
  // no level is read: imapflow asks isLevelEnabled only before turning a response or a command back
  // into text (every FETCH response at trace, every other response, such as each "* n EXISTS" an
  // idling device is pushed, at debug), and that was a tenth of the client's CPU in a bulk fetch.
  // Its plain entries still reach the methods, and debug's carries IDLE's start.
  if (!onWire) return { trace: ignore, debug: idle, info: ignore, warn, error: ignore, fatal: ignore, isLevelEnabled: () => false };
  const event = (direction: Direction) => (text: string) => onWire({ protocol: 'imap', connection, direction, text });
  const server = new WireLineSplitter(event('S'));
  const client = new WireLineSplitter(event('C'));
  let lastCommand: string | undefined;
  const handle = (raw: unknown): void => {
    const entry = raw as RawEntry;
    if (!entry || typeof entry !== 'object') return;
    // imapflow's own (masked) log line of a command: "tag NAME args". Continuation payloads it
    // logs, such as a base64 SASL response, have no space and are never shown.
    if (entry.src === 'c' && entry.msg !== undefined && entry.data === undefined) {
      if (/^\S+ \S/.test(entry.msg) && !entry.msg.startsWith('(*')) lastCommand = entry.msg;
      return;
    }
    if (entry.data === undefined) return;
    const bytes = Buffer.from(entry.data, 'base64');
    if (entry.msg === 'read from socket') server.push(bytes);
    else if (entry.msg === 'write to socket') {
      if (entry.hidden) {
        event('C')(lastCommand !== undefined ? lastCommand.replace(HIDDEN, MASK) : MASK);
        lastCommand = undefined;
      } else {
        client.push(bytes);
      }
    }
  };
  return {
    trace: handle,
    debug: (raw) => {
      idle(raw);
      handle(raw);
    },
    info: ignore,
    warn,
    error: ignore,
    fatal: ignore,
  };
}
