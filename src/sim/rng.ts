/**
 * A small seeded PRNG (mulberry32). mailsim never calls Math.random: every "random" choice —
 * filler text, Message-ID local parts — comes from here, so a seed reproduces a run exactly.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Lowercase base-36 characters, e.g. for Message-ID local parts. */
  token(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.int(0, 35).toString(36);
    return out;
  }
}
