import { keepResponse, keptResponseLines, type ResponseKeeper } from '../imap/wire-trace.js';
import type { Protocol, TranscriptSink, WireEvent } from '../protocol/transcript.js';

/**
 * Connections whose transcripts a server keeps. `mailsim serve` may run for days with a mail client
 * opening a connection per poll; past this, the oldest connections are dropped first, since a test
 * or a person debugging looks at the most recent ones.
 */
export const MAX_TRANSCRIPT_CONNECTIONS = 200;

/**
 * Lines given back per connection. An IDLE session can stay open for hours; past this its oldest
 * lines are dropped (and counted), so the transcripts of 200 connections show at most 400,000
 * lines. What is held is dropped a block at a time, so a connection may hold one block's lines
 * more than it shows.
 */
export const MAX_TRANSCRIPT_LINES = 2_000;

/**
 * Octets kept per connection. Lines alone bound nothing: a client sending 2,000 command lines of
 * 64 KiB each (the IMAP line limit) would have kept 128 MB, and a hundred such connections far
 * more. Past this the oldest blocks go, their lines counted as dropped, so the server's
 * transcripts hold at most about 200 MiB (MAX_TRANSCRIPT_CONNECTIONS of these), plus the one
 * newest record of a connection when it alone is longer.
 */
export const MAX_TRANSCRIPT_OCTETS = 1024 * 1024;

/**
 * A connection's transcript is kept as octets in blocks of this many (records written together
 * that are longer get a block of their own size). Records wait in a string until they pass
 * PENDING_OCTETS, so a short connection holds a string of a few kilobytes and no block; blocks
 * start at FIRST_BLOCK_OCTETS and double, and the oldest is dropped whole once the newer ones hold
 * MAX_TRANSCRIPT_LINES, or while all of them pass MAX_TRANSCRIPT_OCTETS.
 */
export const TRANSCRIPT_BLOCK_OCTETS = 16 * 1024;
const FIRST_BLOCK_OCTETS = 1024;

/** Everything one connection said and heard, secrets masked by the protocol layer. */
export interface ConnectionTranscript {
  readonly protocol: Protocol;
  /** The server's connection number for this protocol, from 1. */
  readonly connection: number;
  /** "C: …" (client to server) and "S: …" (server to client), oldest first. */
  readonly lines: readonly string[];
  /** Lines dropped from the start because the connection passed MAX_TRANSCRIPT_LINES or MAX_TRANSCRIPT_OCTETS. */
  readonly droppedLines: number;
}

/**
 * A record is a kind octet, a 32-bit length and that many octets. A line is its text in latin1
 * when every character fits an octet (most lines), else in UTF-8, or UTF-16 for text with a
 * surrogate (a lone one, which UTF-8 cannot carry, would not come back as it was). An IMAP
 * response is a RESPONSE record followed by the texts keepResponse kept of its pieces (latin1,
 * an octet per character); a message body written as a piece of its own is never kept.
 */
const enum Kind {
  ClientLine,
  ServerLine,
  ClientLineUtf16,
  ServerLineUtf16,
  Response,
  ResponseText,
  ClientLineLatin1,
  ServerLineLatin1,
}
/** A record's kind octet and 32-bit length. */
const HEADER_OCTETS = 5;
const SURROGATE = /[\uD800-\uDFFF]/;
/** Text that latin1 keeps as it is: one octet per character. */
const LATIN1 = /^[\x00-\xff]*$/;

/**
 * Records not yet in a block, as latin1 text (headers included): appending to a string costs
 * less than a Buffer write per record, and they go into the block together, PENDING_OCTETS at a time.
 */
const PENDING_OCTETS = 4096;

/** A record header as latin1 text. */
function headerText(kind: Kind, length: number): string {
  return String.fromCharCode(kind, length & 0xff, (length >>> 8) & 0xff, (length >>> 16) & 0xff, length >>> 24);
}
const RESPONSE_HEADER = headerText(Kind.Response, 0);

interface Block {
  readonly bytes: Buffer;
  used: number;
  /** Transcript lines the records of this block make. */
  lines: number;
}

/**
 * One connection's transcript. Octets rather than strings: a busy server records far more lines
 * than anyone reads, and kept as a string each, 20 connections fetching a message per command held
 * 40,000 objects for the garbage collector to move to its old generation and free there later; as
 * octets they are a few blocks, and a bound in octets (MAX_TRANSCRIPT_OCTETS) is exact.
 */
class ConnectionLog {
  private readonly blocks: Block[] = [];
  /** Lines in `blocks`. */
  private lines = 0;
  /** Octets `blocks` take (their whole size, written or not). */
  private octets = 0;
  /** Lines of the blocks dropped for MAX_TRANSCRIPT_LINES or MAX_TRANSCRIPT_OCTETS. */
  private dropped = 0;

  constructor(
    readonly protocol: Protocol,
    readonly connection: number,
    private readonly maxLines: number,
    private readonly maxOctets: number,
  ) {}

  /** Octets this log holds: its blocks, and the records not yet written to one. */
  get size(): number {
    return this.octets + this.pending.length;
  }

  /** Records in latin1 not yet written to a block, and the lines they make. */
  private pending = '';
  private pendingLines = 0;

  line(fromClient: boolean, text: string): void {
    // Every record goes through `pending` as latin1 text: a line that is not latin1 as the octets
    // of its UTF-8 (or UTF-16) form, read back in that encoding.
    let kind = fromClient ? Kind.ClientLineLatin1 : Kind.ServerLineLatin1;
    let octets = text;
    if (!LATIN1.test(text)) {
      const utf16 = SURROGATE.test(text);
      kind = fromClient ? (utf16 ? Kind.ClientLineUtf16 : Kind.ClientLine) : utf16 ? Kind.ServerLineUtf16 : Kind.ServerLine;
      octets = Buffer.from(text, utf16 ? 'utf16le' : 'utf8').toString('latin1');
    }
    this.pending += headerText(kind, octets.length) + octets;
    this.addedPending(1);
  }

  response(pieces: readonly (string | Buffer)[]): void {
    const before = this.pending;
    this.pending += RESPONSE_HEADER;
    const lines = keepResponse(pieces, this.keepText);
    // A response that traces to no line at all (an empty one) is not kept.
    if (lines === 0) this.pending = before;
    else this.addedPending(lines);
  }

  /** A piece's text, from where a literal before it ends (latin1 by its nature). */
  private readonly keepText: ResponseKeeper = (latin1) => {
    this.pending += headerText(Kind.ResponseText, latin1.length) + latin1;
  };

  private addedPending(lines: number): void {
    this.pendingLines += lines;
    if (this.pending.length >= PENDING_OCTETS) this.flush();
  }

  /** Writes the pending records into a block (whole: a record never spans two blocks). */
  private flush(): void {
    if (this.pending === '') return;
    const block = this.room(this.pending.length);
    block.used += block.bytes.write(this.pending, block.used, 'latin1');
    const lines = this.pendingLines;
    this.pending = '';
    this.pendingLines = 0;
    this.added(block, lines);
  }

  /** The transcript's last maxLines lines, and how many came before them. */
  snapshot(): ConnectionTranscript {
    this.flush();
    const lines: string[] = [];
    for (const block of this.blocks) readBlock(block, lines);
    const from = Math.max(0, lines.length - this.maxLines);
    return { protocol: this.protocol, connection: this.connection, lines: from === 0 ? lines : lines.slice(from), droppedLines: this.dropped + from };
  }

  /** The block to write `octets` more into: the last one when they fit, else a new one. */
  private room(octets: number): Block {
    const last = this.blocks.at(-1);
    if (last && last.bytes.length - last.used >= octets) return last;
    const size = Math.max(octets, last ? Math.min(TRANSCRIPT_BLOCK_OCTETS, last.bytes.length * 2) : FIRST_BLOCK_OCTETS);
    // Its own memory, not a slice of node's shared pool: a block is kept long after it is written.
    const block: Block = { bytes: Buffer.allocUnsafeSlow(size), used: 0, lines: 0 };
    this.blocks.push(block);
    this.octets += size;
    return block;
  }

  /**
   * A record of `lines` lines is complete: the oldest blocks go once the others hold maxLines, or
   * while all of them take more than maxOctets (the newest block stays, however long).
   */
  private added(block: Block, lines: number): void {
    block.lines += lines;
    this.lines += lines;
    while (this.blocks.length > 1 && (this.lines - this.blocks[0]!.lines >= this.maxLines || this.octets > this.maxOctets)) {
      const oldest = this.blocks.shift()!;
      this.lines -= oldest.lines;
      this.dropped += oldest.lines;
      this.octets -= oldest.bytes.length;
    }
  }
}

/** Adds the lines of a block's records, "C: " or "S: " before each. */
function readBlock(block: Block, lines: string[]): void {
  const { bytes } = block;
  let parts: string[] | undefined;
  const endResponse = (): void => {
    if (!parts) return;
    const traced: string[] = [];
    keptResponseLines(parts, traced);
    for (const line of traced) lines.push(`S: ${line}`);
    parts = undefined;
  };
  for (let at = 0; at < block.used; ) {
    const kind = bytes[at] as Kind;
    const length = bytes.readUInt32LE(at + 1);
    const start = at + HEADER_OCTETS;
    at = start + length;
    if (kind === Kind.ResponseText) parts!.push(bytes.toString('latin1', start, at));
    else {
      endResponse();
      if (kind === Kind.Response) parts = [];
      else {
        const encoding = kind === Kind.ClientLine || kind === Kind.ServerLine ? 'utf8' : kind === Kind.ClientLineLatin1 || kind === Kind.ServerLineLatin1 ? 'latin1' : 'utf16le';
        const fromClient = kind === Kind.ClientLine || kind === Kind.ClientLineUtf16 || kind === Kind.ClientLineLatin1;
        lines.push(`${fromClient ? 'C' : 'S'}: ${bytes.toString(encoding, start, at)}`);
      }
    }
  }
  endResponse();
}

const IGNORED: ResponseKeeper = () => {};

/** Groups wire events by protocol and connection, within the limits above. */
export class TranscriptRecorder implements TranscriptSink {
  /** Insertion order is the order connections first spoke, so the first key is the oldest. */
  private readonly logs = new Map<string, ConnectionLog>();

  constructor(
    private readonly maxConnections = MAX_TRANSCRIPT_CONNECTIONS,
    private readonly maxLines = MAX_TRANSCRIPT_LINES,
    private readonly maxOctets = MAX_TRANSCRIPT_OCTETS,
  ) {}

  /** Octets all the transcripts hold (for tests of the bounds above). */
  get size(): number {
    let octets = 0;
    for (const log of this.logs.values()) octets += log.size;
    return octets;
  }

  /** The log of the last event: most events come in runs from one connection. */
  private last: ConnectionLog | undefined;

  private log(protocol: Protocol, connection: number): ConnectionLog;
  private log(protocol: Protocol, connection: number, create: false): ConnectionLog | undefined;
  private log(protocol: Protocol, connection: number, create = true): ConnectionLog | undefined {
    const last = this.last;
    if (last !== undefined && last.connection === connection && last.protocol === protocol) return last;
    const key = `${protocol}#${connection}`;
    let log = this.logs.get(key);
    if (!log) {
      if (!create) return undefined;
      log = new ConnectionLog(protocol, connection, this.maxLines, this.maxOctets);
      this.logs.set(key, log);
      if (this.logs.size > this.maxConnections) this.logs.delete(this.logs.keys().next().value!);
    }
    this.last = log;
    return log;
  }

  record(event: WireEvent): void {
    const log = this.log(event.protocol, event.connection);
    // One line per entry even when a protocol reports a multi-line reply (SMTP EHLO) as one event.
    const fromClient = event.direction === 'C';
    if (!event.text.includes('\n')) log.line(fromClient, event.text);
    else for (const line of event.text.split(/\r?\n/)) log.line(fromClient, line);
  }

  /** An IMAP response as the connection wrote it, kept untraced (see ConnectionLog). */
  recordImapResponse(connection: number, pieces: readonly (string | Buffer)[]): void {
    // A connection is listed once it has said something: a first response of no line does not count.
    if (!this.log('imap', connection, false) && keepResponse(pieces, IGNORED) === 0) return;
    this.log('imap', connection).response(pieces);
  }

  /** Copies, in the order the connections first spoke. */
  snapshot(): ConnectionTranscript[] {
    return [...this.logs.values()].map((log) => log.snapshot());
  }
}
