export { type Clock, SystemClock, VirtualClock, type TimerHandle, type TimerCallback } from './clock.js';
export { parseDuration, formatDuration, DurationSyntaxError } from './duration.js';
export { SeededRandom } from './rng.js';
