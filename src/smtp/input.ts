/**
 * What an SMTP server reads, framed: command lines, DATA's dot-stuffed text up to its final
 * ".", and BDAT's counted octets (RFC 3030). The session says which comes next, since only a
 * command tells what follows it. Works on Buffers only: a message is octets, and a multi-byte
 * character may be cut between two chunks.
 */

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;

export type CommandLine =
  /** A command line without its terminator (CRLF, or a bare LF, which we accept as most servers do). */
  | { readonly kind: 'line'; readonly bytes: Buffer }
  /** A line longer than the bound: its octets were dropped up to and including its line end. */
  | { readonly kind: 'overflow'; readonly octets: number };

/**
 * A message body being read (DATA, or the BDAT chunks of one transaction): its octets as the
 * sender meant them (DATA unstuffed), copied into blocks as they arrive, none once they passed the
 * limit. Copied, not kept as views of what the socket read: a client writing one octet at a time
 * would otherwise make us keep a Buffer (some hundred octets of bookkeeping) per octet.
 */
export interface MessageBody {
  /** Full blocks. */
  readonly chunks: Buffer[];
  /** The block being filled, and how much of it is. */
  block?: Buffer | undefined;
  used: number;
  /** Octets of the message, counted even past the limit. */
  octets: number;
  /**
   * The message is kept no more and will be refused: more than the limit arrived (552), or, with
   * `busy`, the server had no room for it (452). Its octets are still counted to its end.
   */
  tooBig: boolean;
  /** The server as a whole was receiving all it will (MAX_RECEIVING_OCTETS): refused for now. */
  busy?: boolean;
}

export function emptyBody(): MessageBody {
  return { chunks: [], used: 0, octets: 0, tooBig: false };
}

/** The body's octets in one Buffer of their own. */
export function bodyBytes(body: MessageBody): Buffer {
  const parts = body.block ? [...body.chunks, body.block.subarray(0, body.used)] : body.chunks;
  return Buffer.concat(parts, body.tooBig ? 0 : body.octets);
}

/** A body's first block (4 KiB); each next one twice the last, up to MAX_BLOCK_OCTETS: the octets held are at most twice the body, or 4 KiB. */
const FIRST_BLOCK_OCTETS = 4096;
const MAX_BLOCK_OCTETS = 1024 * 1024;

/**
 * Reads one connection's input. `push` adds what arrived; `line`, `data` and `octets` take what
 * they can from it and say whether they are done. A command line is copied (the session may keep
 * it), a message's octets are copied into its body's blocks, and what is left of a chunk waits
 * until the next one arrives (joined to it: a partial line, or the octets DATA cannot judge yet).
 */
export class SmtpInput {
  private pending: Buffer = Buffer.alloc(0);
  /** Octets of an over-long line dropped so far; -1 when no line is being dropped. */
  private dropping = -1;
  /**
   * In DATA: whether the next octet starts a line (the previous one ended with CRLF). A line
   * start after a bare LF is no line start: "\n.\n" must not end the message (SMTP smuggling).
   */
  private lineStart = true;

  constructor(private readonly maxLineOctets: number) {}

  /** Octets received and not yet framed. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
  }

  /** Drops everything not yet read (STARTTLS: what came behind it in plaintext is not trusted). */
  discard(): void {
    this.pending = Buffer.alloc(0);
    this.dropping = -1;
  }

  /** The next command line, or undefined until its line end arrives. */
  line(): CommandLine | undefined {
    const lf = this.pending.indexOf(LF);
    if (this.dropping >= 0) {
      if (lf === -1) {
        this.dropping += this.pending.length;
        this.pending = Buffer.alloc(0);
        return undefined;
      }
      const octets = this.dropping + lf + 1;
      this.dropping = -1;
      this.pending = this.pending.subarray(lf + 1);
      return { kind: 'overflow', octets };
    }
    if (lf === -1) {
      // Even a line end next would make the line too long: stop keeping its octets.
      if (this.pending.length >= this.maxLineOctets) {
        this.dropping = this.pending.length;
        this.pending = Buffer.alloc(0);
      }
      return undefined;
    }
    if (lf + 1 > this.maxLineOctets) {
      this.pending = this.pending.subarray(lf + 1);
      return { kind: 'overflow', octets: lf + 1 };
    }
    const end = lf > 0 && this.pending[lf - 1] === CR ? lf - 1 : lf;
    // Copied: a view would keep the whole received chunk alive as long as the line.
    const bytes = Buffer.from(this.pending.subarray(0, end));
    this.pending = this.pending.subarray(lf + 1);
    return { kind: 'line', bytes };
  }

  /** Call before reading a DATA body: it starts at a line start. */
  startData(): void {
    this.lineStart = true;
  }

  /**
   * Reads DATA text into `body` (RFC 5321 4.5.2: a line's leading dot removed) until the line
   * holding only "." after a CRLF, which is consumed. Returns true once the body is read, false
   * when more input is needed. Past `limit` octets nothing more is kept.
   */
  data(body: MessageBody, limit: number): boolean {
    const buf = this.pending;
    let at = 0;
    // The first octet not yet added to the body.
    let from = 0;
    while (at < buf.length) {
      if (this.lineStart && buf[at] === DOT) {
        const rest = buf.length - at;
        // ".", or ".\r": the end or a stuffed dot, which the next octets decide.
        if (rest === 1 || (rest === 2 && buf[at + 1] === CR)) break;
        addTo(body, buf.subarray(from, at), limit);
        if (buf[at + 1] === CR && buf[at + 2] === LF) {
          this.pending = buf.subarray(at + 3);
          return true;
        }
        from = at + 1;
        at += 1;
      }
      const lf = buf.indexOf(LF, at);
      if (lf === -1) {
        // All of it, but a CR last: with the next octet it may be the CRLF before a line start.
        const end = buf[buf.length - 1] === CR ? buf.length - 1 : buf.length;
        addTo(body, buf.subarray(from, end), limit);
        this.pending = buf.subarray(end);
        this.lineStart = false;
        return false;
      }
      this.lineStart = lf > 0 && buf[lf - 1] === CR;
      at = lf + 1;
    }
    addTo(body, buf.subarray(from, at), limit);
    this.pending = buf.subarray(at);
    return false;
  }

  /** Takes up to `left` octets (of a BDAT chunk), into `body` unless it is `undefined`; returns how many. */
  octets(left: number, body: MessageBody | undefined, limit: number): number {
    const take = Math.min(left, this.pending.length);
    if (body) addTo(body, this.pending.subarray(0, take), limit);
    this.pending = this.pending.subarray(take);
    return take;
  }
}

/** Adds octets to a body, keeping none once it passed `limit` (they are still counted). */
function addTo(body: MessageBody, chunk: Buffer, limit: number): void {
  if (chunk.length === 0) return;
  body.octets += chunk.length;
  if (body.tooBig) return;
  if (body.octets > limit) return dropOctets(body);
  let from = 0;
  while (from < chunk.length) {
    if (body.block === undefined || body.used === body.block.length) {
      const last = body.block?.length ?? 0;
      if (body.block) body.chunks.push(body.block);
      body.block = Buffer.allocUnsafe(Math.min(MAX_BLOCK_OCTETS, Math.max(FIRST_BLOCK_OCTETS, last * 2)));
      body.used = 0;
    }
    const copied = chunk.copy(body.block, body.used, from);
    body.used += copied;
    from += copied;
  }
}

/** The body will not be stored (too big, or no room in the server): what it kept goes. */
export function dropOctets(body: MessageBody): void {
  body.tooBig = true;
  body.chunks.length = 0;
  body.block = undefined;
  body.used = 0;
}
