/**
 * Output not yet handed to the socket. Everything one turn of the event loop writes (the replies
 * to all the commands of a received chunk, a FETCH's messages, IDLE news) goes out in one write at
 * the end of the turn, not one per response: a FETCH 1:2000 (FLAGS) was 2,000 writes, each a system
 * call and, on the client's side, often a segment of its own. At most `maxBytes` (and one
 * response) wait here; past that the batch is written at once. The IMAP connection and the POP3
 * session each give it their protocol's bound and their own way of writing. A piece is whatever
 * the writer takes whose length is its octets: a Buffer, or text one character per octet (IMAP).
 */
export class OutputBatch<Piece extends { readonly length: number } = Buffer> {
  private pieces: Piece[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(
    private readonly maxBytes: number,
    /** Writes the pieces (views of stored messages among them, never copied here). */
    private readonly write: (pieces: Piece[]) => void,
  ) {}

  /** Octets waiting. */
  get size(): number {
    return this.bytes;
  }

  /** Whether the batch has reached its bound (and should be written before producing more). */
  get full(): boolean {
    return this.bytes >= this.maxBytes;
  }

  add(chunks: readonly Piece[]): void {
    for (const chunk of chunks) {
      this.pieces.push(chunk);
      this.bytes += chunk.length;
    }
    if (this.full) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flushAtTurnEnd);
    }
  }

  /** Hands what waits to the writer now (before STARTTLS, COMPRESS or the end of the stream, say). */
  flush(): void {
    if (this.pieces.length === 0) return;
    const pieces = this.pieces;
    this.pieces = [];
    this.bytes = 0;
    this.write(pieces);
  }

  private readonly flushAtTurnEnd = (): void => {
    this.scheduled = false;
    this.flush();
  };
}
