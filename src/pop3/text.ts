import { MAX_QUOTED_INPUT_CHARS } from './limits.js';

/**
 * Makes client input safe to quote in a response or transcript: control characters (NUL, ESC,
 * bare CR...) become \xNN so a terminal printing the transcript is never driven by them, and long
 * input is cut so garbage cannot flood a report.
 */
export function printable(text: string, maxChars = MAX_QUOTED_INPUT_CHARS): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) + '...' : text;
  return cut.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
