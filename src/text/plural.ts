/** "1 message", "3 messages": a count with its noun, for every text a person reads. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
