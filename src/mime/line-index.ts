/** Module-local, not imported: read once per byte of every message (see headers.ts). */
const LF = 0x0a;

/**
 * Bytes per block of the line index: small enough that counting the ragged ends of a range is
 * cheap, large enough that the index is a tiny fraction of the message.
 */
const BLOCK_OCTETS = 4096;

/**
 * Counts LF octets in any byte range of one message in near-constant time. Nested message/rfc822
 * parts each report the lines of their whole body, so counting every range directly would cost
 * depth x size; with this index the message is scanned once.
 */
export class LineIndex {
  /** lfBefore[i] = number of LF octets in raw[0, i * BLOCK_OCTETS). */
  private readonly lfBefore: Uint32Array;

  constructor(private readonly raw: Buffer) {
    const blocks = Math.ceil(raw.length / BLOCK_OCTETS);
    this.lfBefore = new Uint32Array(blocks + 1);
    let count = 0;
    for (let block = 0; block < blocks; block++) {
      count += countDirect(raw, block * BLOCK_OCTETS, Math.min(raw.length, (block + 1) * BLOCK_OCTETS));
      this.lfBefore[block + 1] = count;
    }
  }

  /** Number of LF octets in raw[start, end). */
  countLf(start: number, end: number): number {
    if (end <= start) return 0;
    const firstFullBlock = Math.ceil(start / BLOCK_OCTETS);
    const lastFullBlockEnd = Math.floor(end / BLOCK_OCTETS);
    if (firstFullBlock >= lastFullBlockEnd) return countDirect(this.raw, start, end);
    const head = countDirect(this.raw, start, firstFullBlock * BLOCK_OCTETS);
    const middle = (this.lfBefore[lastFullBlockEnd] ?? 0) - (this.lfBefore[firstFullBlock] ?? 0);
    const tail = countDirect(this.raw, lastFullBlockEnd * BLOCK_OCTETS, end);
    return head + middle + tail;
  }
}

// A plain loop: indexOf would search past `end` when the range holds no LF.
function countDirect(raw: Buffer, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    if (raw[i] === LF) count++;
  }
  return count;
}
