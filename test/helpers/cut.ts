/** Cuts `data` into pieces at the given fractions of its length (each in [0, 1]): for framing tests that split input anywhere. */
export function cut(data: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * (data.length + 1))))].filter((n) => n > 0 && n < data.length).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const n of [...at, data.length]) {
    pieces.push(data.subarray(from, n));
    from = n;
  }
  return pieces;
}
