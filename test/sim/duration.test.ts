import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/sim/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['3d', 259_200_000],
    ['1h30m', 5_400_000],
    ['2w', 1_209_600_000],
    ['250ms', 250],
    [' 1d ', 86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', '10 mins', 'm10', '1.5h', '-3d', '3x'])('rejects %j with a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [90_000, '1m 30s'],
    [259_200_000, '3d'],
    [5_400_000, '1h 30m'],
    [1_209_600_000 + 3_600_000, '2w 1h'],
    [1500, '1s 500ms'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
