/**
 * Received bytes not yet framed, kept as the chunks the socket delivered. `consume(n)` hands out
 * the next n bytes without copying when they lie in one chunk (the websockets/ws receiver does the
 * same), so byte-at-a-time input and 50 MiB literals both stay linear.
 */
export class ByteQueue {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The first buffered chunk, to search for a line end without copying. */
  peekChunk(): Buffer | undefined {
    return this.chunks[0];
  }

  /** Removes and returns the next `n` bytes; `n` must not exceed `length`. */
  consume(n: number): Buffer {
    if (n > this.total) throw new RangeError(`consume(${n}) with only ${this.total} bytes buffered`);
    this.total -= n;
    const first = this.chunks[0];
    if (first !== undefined && n === first.length) {
      this.chunks.shift();
      return first;
    }
    if (first !== undefined && n < first.length) {
      this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    while (written < n) {
      const chunk = this.chunks[0]!;
      const take = Math.min(chunk.length, n - written);
      chunk.copy(out, written, 0, take);
      written += take;
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
    }
    return out;
  }

  clear(): void {
    this.chunks.length = 0;
    this.total = 0;
  }
}
