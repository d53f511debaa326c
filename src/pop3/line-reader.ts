/**
 * Frames a byte stream into lines, working on Buffers only: bodies may be 8-bit, and decoding a
 * chunk as text before splitting would corrupt a multi-byte character cut between two chunks.
 * Used by the server (commands, with a length cap) and the client (responses, no cap).
 */

const LF = 0x0a;
const CR = 0x0d;

export type LineEvent =
  /** A complete line without its terminator (CRLF or a lenient bare LF). */
  | { readonly kind: 'line'; readonly bytes: Buffer }
  /** A line longer than the cap; its bytes were discarded up to and including its line end. */
  | { readonly kind: 'overflow'; readonly octets: number };

export class LineReader {
  /** Bytes of the line in progress, kept as chunks so byte-by-byte input stays linear. */
  private parts: Buffer[] = [];
  private pendingOctets = 0;
  /** Set once the line in progress passed the cap: we only count its bytes until its end. */
  private discarding = false;

  /** @param maxOctets longest line accepted, counting its terminator. */
  constructor(private readonly maxOctets = Number.POSITIVE_INFINITY) {}

  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) {
        this.hold(chunk.subarray(start));
        break;
      }
      const total = this.pendingOctets + (lf - start) + 1;
      if (this.discarding || total > this.maxOctets) {
        events.push({ kind: 'overflow', octets: total });
      } else {
        const line = this.parts.length === 0 ? chunk.subarray(start, lf) : Buffer.concat([...this.parts, chunk.subarray(start, lf)]);
        const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
        // Copy: the caller may keep the line, and a subarray would pin the whole socket chunk.
        events.push({ kind: 'line', bytes: Buffer.from(line.subarray(0, end)) });
      }
      this.parts = [];
      this.pendingOctets = 0;
      this.discarding = false;
      start = lf + 1;
    }
    return events;
  }

  /** Octets kept in memory for the unfinished line: never more than the cap, whatever arrives. */
  get held(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }

  private hold(rest: Buffer): void {
    this.pendingOctets += rest.length;
    if (this.discarding) return;
    // Even a bare LF next would make the line longer than the cap: stop keeping its bytes.
    if (this.pendingOctets >= this.maxOctets) {
      this.discarding = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(rest));
  }
}
