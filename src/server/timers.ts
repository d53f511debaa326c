import type { Timers } from '../protocol/timers.js';

/**
 * The real timers, the only ones the server uses outside tests. unref(): a pending login timeout
 * or delay never keeps a process alive that is otherwise done (tests, the library).
 */
export const SYSTEM_TIMERS: Timers = {
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
  defer(callback) {
    setImmediate(callback);
  },
};
