import type { TimerHandle, Timers } from '../../src/protocol/timers.js';

interface Pending {
  readonly due: number;
  readonly delay: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * Timers a test fires itself: a server given these never waits on the wall clock, and a test
 * checks what is scheduled (a login delay of 2 s) and runs it when it chooses. defer() still
 * yields to the event loop, as the server's does, since it is not a timeout.
 */
export class ManualTimers implements Timers {
  private now = 0;
  private pending: Pending[] = [];

  after(ms: number, callback: () => void): TimerHandle {
    const timer: Pending = { due: this.now + ms, delay: ms, callback, cancelled: false };
    this.pending.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  defer(callback: () => void): void {
    setImmediate(callback);
  }

  /** Delays of the timers still waiting, in the order they were set. */
  get scheduled(): number[] {
    return this.live().map((timer) => timer.delay);
  }

  /** Moves time on by `ms`, running every timer that falls due, in due order. */
  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      const due = this.live()
        .filter((timer) => timer.due <= this.now)
        .sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      due.cancelled = true;
      due.callback();
    }
    this.pending = this.live();
  }

  private live(): Pending[] {
    return this.pending.filter((timer) => !timer.cancelled);
  }
}
