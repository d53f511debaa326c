import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.js';

describe('VirtualClock', () => {
  it('runs due timers in time order, ties by insertion order, with now() at each timer', async () => {
    const clock = new VirtualClock(1000);
    const seen: string[] = [];
    clock.schedule(1300, 'c', () => void seen.push(`c@${clock.now()}`));
    clock.schedule(1100, 'a', () => void seen.push(`a@${clock.now()}`));
    clock.schedule(1100, 'b', () => void seen.push(`b@${clock.now()}`));
    clock.schedule(5000, 'late', () => void seen.push('late'));
    await clock.advance(500);
    expect(seen).toEqual(['a@1100', 'b@1100', 'c@1300']);
    expect(clock.now()).toBe(1500);
    expect(clock.pending()).toEqual([{ at: 5000, label: 'late' }]);
  });

  it('awaits async timers before running the next one', async () => {
    const clock = new VirtualClock(0);
    const seen: string[] = [];
    clock.schedule(10, 'slow', async () => {
      await Promise.resolve();
      await new Promise<void>((resolve) => setImmediate(resolve));
      seen.push('slow');
    });
    clock.schedule(20, 'fast', () => void seen.push('fast'));
    await clock.advance(30);
    expect(seen).toEqual(['slow', 'fast']);
  });

  it('repeats every() timers and stops them on cancel', async () => {
    const clock = new VirtualClock(0);
    const at: number[] = [];
    const handle = clock.every(600_000, 'poll', () => void at.push(clock.now()));
    await clock.advance(1_800_000);
    expect(at).toEqual([600_000, 1_200_000, 1_800_000]);
    handle.cancel();
    await clock.advance(1_800_000);
    expect(at).toHaveLength(3);
  });

  it('lets a timer cancel itself from inside its callback', async () => {
    const clock = new VirtualClock(0);
    let runs = 0;
    const handle = clock.every(10, 'once', () => {
      runs++;
      handle.cancel();
    });
    await clock.advance(100);
    expect(runs).toBe(1);
  });

  it('skips cancelled timers and refuses to go backwards', async () => {
    const clock = new VirtualClock(0);
    let ran = false;
    clock.schedule(5, 'x', () => void (ran = true)).cancel();
    await clock.advance(10);
    expect(ran).toBe(false);
    await expect(clock.advanceTo(5)).rejects.toThrow(/backwards/);
  });

  it('runs timers scheduled during advance when they fall inside the window', async () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.schedule(10, 'first', () => {
      seen.push(clock.now());
      clock.schedule(15, 'second', () => void seen.push(clock.now()));
    });
    await clock.advance(20);
    expect(seen).toEqual([10, 15]);
  });
});
