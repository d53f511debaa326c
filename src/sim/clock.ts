/**
 * Time for the simulation. Everything in mailsim that needs "now" takes a Clock, so a scenario
 * runs on virtual time (same output on every run) and `mailsim serve` runs on the system clock.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Wall-clock time, for `mailsim serve` and the library's startServer(). The one place that reads it. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

export type TimerCallback = () => void | Promise<void>;

interface Timer {
  readonly at: number;
  /** Insertion order: breaks ties between timers due at the same instant, so order is reproducible. */
  readonly seq: number;
  readonly label: string;
  readonly callback: TimerCallback;
  cancelled: boolean;
}

export interface TimerHandle {
  cancel(): void;
}

/**
 * A virtual clock with a timer heap. Time moves only through advance()/advanceTo(); due timers run
 * in (time, insertion) order, each awaited before the next, with now() equal to the timer's time.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly heap: Timer[] = [];
  private nextSeq = 0;

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Runs `callback` when virtual time reaches `at` (immediately-due timers run on the next advance). */
  schedule(at: number, label: string, callback: TimerCallback): TimerHandle {
    const timer: Timer = { at, seq: this.nextSeq++, label, callback, cancelled: false };
    this.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Runs `callback` every `interval` ms, first at now + interval, until cancelled. */
  every(interval: number, label: string, callback: TimerCallback): TimerHandle {
    if (!(interval > 0)) throw new RangeError(`timer interval must be positive, got ${interval}`);
    let current: TimerHandle;
    const arm = (at: number): void => {
      current = this.schedule(at, label, async () => {
        // Re-arm before running, so a period is never skipped and cancel() inside the callback works.
        arm(at + interval);
        await callback();
      });
    };
    arm(this.current + interval);
    return { cancel: () => current.cancel() };
  }

  /** Advances by `ms`, running every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    if (target < this.current) throw new RangeError('virtual time never goes backwards');
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > target) break;
      this.pop();
      if (next.cancelled) continue;
      this.current = Math.max(this.current, next.at);
      await next.callback();
    }
    this.current = target;
  }

  /** Labels of the timers still pending, in the order they would run (for reports and tests). */
  pending(): { at: number; label: string }[] {
    return [...this.heap]
      .filter((t) => !t.cancelled)
      .sort(compareTimers)
      .map((t) => ({ at: t.at, label: t.label }));
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareTimers(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && compareTimers(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && compareTimers(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function compareTimers(a: Timer, b: Timer): number {
  return a.at - b.at || a.seq - b.seq;
}
