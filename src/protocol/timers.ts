/**
 * Timers a protocol session needs (login timeout, a stalled literal, a delayed failed-login
 * reply) and a way to yield to other connections during long work. The server passes the real
 * ones (server/timers.ts); tests pass their own and fire them at will, so no test sleeps.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  /** Runs `callback` once after `ms` milliseconds unless cancelled. */
  after(ms: number, callback: () => void): TimerHandle;
  /** Runs `callback` after the sockets that are ready have had their turn (setImmediate). */
  defer(callback: () => void): void;
}
