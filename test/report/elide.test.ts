import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowsToShow } from '../../src/report/elide.js';

describe('rowsToShow (the --max-rows rule)', () => {
  it('shows every row up to the limit, and all of them with 0', () => {
    expect(rowsToShow(5, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(rowsToShow(7, 0)).toHaveLength(7);
  });

  it('keeps the first and the last rows, half each', () => {
    expect(rowsToShow(10, 4)).toEqual([0, 1, 8, 9]);
    expect(rowsToShow(10, 5)).toEqual([0, 1, 2, 8, 9]);
  });

  it('keeps the rows that matter first, then fills from both ends', () => {
    expect(rowsToShow(10, 3, (i) => i === 5)).toEqual([0, 5, 9]);
    expect(rowsToShow(10, 2, (i) => i >= 4)).toEqual([4, 5]);
  });

  it('always returns at most maxRows distinct indices in order', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(60), fc.func(fc.boolean()), (total, maxRows, matters) => {
        const shown = rowsToShow(total, maxRows, (i) => matters(i));
        expect(shown.length).toBe(maxRows === 0 ? total : Math.min(total, maxRows));
        for (let i = 1; i < shown.length; i++) expect(shown[i]!).toBeGreaterThan(shown[i - 1]!);
        for (const index of shown) expect(index >= 0 && index < total).toBe(true);
      }),
    );
  });
});
