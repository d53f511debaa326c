import { describe, expect, it } from 'vitest';
import { InOrderWindow } from '../../src/scenario/in-flight.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('InOrderWindow (deliveries in flight)', () => {
  it('keeps at most maxItems in flight and finishes them in the order they were added', async () => {
    const finished: number[] = [];
    const window = new InOrderWindow<number>(2, Infinity, (n) => finished.push(n));
    const work = [deferred(), deferred(), deferred()];
    await window.add(1, 0, work[0]!.promise);
    expect(window.size).toBe(1);
    // The second reaches the bound: add waits for the oldest, which the second's answer does not settle.
    let added = false;
    const second = window.add(2, 0, work[1]!.promise).then(() => (added = true));
    work[1]!.resolve();
    await Promise.resolve();
    expect(added).toBe(false);
    work[0]!.resolve();
    await second;
    expect(finished).toEqual([1]);
    expect(window.size).toBe(1);
    await window.add(3, 0, work[2]!.promise);
    work[2]!.resolve();
    await window.drain();
    expect(finished).toEqual([1, 2, 3]);
    expect(window.size).toBe(0);
  });

  it('waits while the octets in flight reach their bound, however few the items', async () => {
    const finished: string[] = [];
    const window = new InOrderWindow<string>(100, 10, (s) => finished.push(s));
    await window.add('small', 4, Promise.resolve());
    expect(window.octetsInFlight).toBe(4);
    await window.add('big', 6, Promise.resolve());
    // 4 + 6 reached 10: the oldest was finished before add returned, which left 6, under the bound.
    expect(finished).toEqual(['small']);
    expect(window.octetsInFlight).toBe(6);
    // One item alone over the bound is finished at once.
    await window.add('huge', 50, Promise.resolve());
    expect(finished).toEqual(['small', 'big', 'huge']);
    expect(window.octetsInFlight).toBe(0);
  });

  it('throws the first failure at its turn, after what came before it, and leaves later ones handled', async () => {
    const finished: number[] = [];
    const window = new InOrderWindow<number>(10, Infinity, (n) => finished.push(n));
    await window.add(1, 0, Promise.resolve());
    await window.add(2, 0, Promise.reject(new Error('552 too big')));
    await window.add(3, 0, Promise.reject(new Error('later')));
    await expect(window.drain()).rejects.toThrow('552 too big');
    expect(finished).toEqual([1]);
    await expect(window.drain()).rejects.toThrow('later');
  });
});
