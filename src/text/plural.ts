import { groupDigits } from './numbers.js';

/** "1 message", "3,000 messages": a count with its noun, for every text a person reads. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${groupDigits(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The same with plain digits, for protocol text ("+OK 2 messages (1459 octets)", as RFC 1939's
 * examples write it): programs read those numbers, so they are never grouped.
 */
export function wirePlural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
