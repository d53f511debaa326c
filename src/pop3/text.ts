import { printable as escapeText } from '../protocol/printable.js';
import { MAX_QUOTED_INPUT_CHARS } from './limits.js';

/**
 * Client input made safe to quote in a response or transcript (the shared policy of
 * protocol/printable.ts), cut at MAX_QUOTED_INPUT_CHARS so garbage cannot flood a report.
 */
export function printable(text: string, maxChars = MAX_QUOTED_INPUT_CHARS): string {
  return escapeText(text, { maxChars });
}

/** "1 message", "2 messages": a count with its noun, for reply texts. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
