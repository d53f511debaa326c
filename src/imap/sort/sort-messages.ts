/**
 * SORT's ordering (RFC 5256 3, RFC 5957): by each criterion in turn, REVERSE flipping only its
 * own criterion, and by sequence number when every criterion ties (RFC 5256 3: "the order in
 * which the messages appear in the mailbox"). Strings compare after case-mapping, by code point.
 */
import type { Numbered } from '../selected.js';
import type { SortCriterion } from '../syntax/index.js';
import { compareCodePoints, type Comparator } from './comparators.js';
import { MessageKeys } from './message-keys.js';

export function sortMessages(found: readonly Numbered[], program: readonly SortCriterion[], comparator: Comparator): Numbered[] {
  const keyed = found.map((n) => new MessageKeys(n.seq, n.message, comparator));
  keyed.sort((a, b) => {
    for (const { key, reverse } of program) {
      const order = compareBy(key, a, b);
      if (order !== 0) return reverse ? -order : order;
    }
    return a.seq - b.seq;
  });
  return keyed.map((k) => ({ seq: k.seq, message: k.message }));
}

function compareBy(key: SortCriterion['key'], a: MessageKeys, b: MessageKeys): number {
  switch (key) {
    case 'ARRIVAL':
      return a.message.internalDate - b.message.internalDate;
    case 'DATE':
      return a.sentDate - b.sentDate;
    case 'SIZE':
      return a.message.size - b.message.size;
    case 'SUBJECT':
      return compareCodePoints(a.subjectKey, b.subjectKey);
    case 'FROM':
      return compareCodePoints(a.mailboxKey('from'), b.mailboxKey('from'));
    case 'TO':
      return compareCodePoints(a.mailboxKey('to'), b.mailboxKey('to'));
    case 'CC':
      return compareCodePoints(a.mailboxKey('cc'), b.mailboxKey('cc'));
    case 'DISPLAYFROM':
      return compareCodePoints(a.displayKey('from'), b.displayKey('from'));
    case 'DISPLAYTO':
      return compareCodePoints(a.displayKey('to'), b.displayKey('to'));
  }
}
