/**
 * LIST pattern matching (RFC 3501 6.3.8): "*" matches anything, "%" anything but the hierarchy
 * delimiter. Matching is a dynamic programme over pattern and name, not a RegExp, so a pattern
 * like "*a*a*a*a*b" cannot backtrack exponentially.
 */
import { isInboxName } from '../../store/account.js';

/**
 * The pattern the reference and mailbox arguments stand for. RFC 3501 6.3.8 interprets them by
 * concatenation ("archive/" + "%" is "archive/%"), except that a pattern starting with the
 * delimiter names an absolute place and ignores the reference.
 */
export function joinReference(reference: string, pattern: string, delimiter = '/'): string {
  if (reference === '' || pattern.startsWith(delimiter)) return pattern;
  return reference + pattern;
}

const INBOX = 'INBOX';

/** "inbox" and "Inbox/%" address INBOX (its name is case-insensitive, RFC 3501 5.1). */
function canonicalInboxPrefix(pattern: string, delimiter: string): string {
  const head = pattern.slice(0, INBOX.length);
  const rest = pattern.slice(INBOX.length);
  if (isInboxName(head) && (rest === '' || rest.startsWith(delimiter))) return INBOX + rest;
  return pattern;
}

/** A predicate telling whether a (Unicode, decoded) mailbox name matches the pattern. */
export function listPatternMatcher(pattern: string, delimiter = '/'): (name: string) => boolean {
  const canonical = canonicalInboxPrefix(pattern, delimiter).replace(/\*+/g, '*');
  return (name) => matches(canonical, name, delimiter);
}

function matches(pattern: string, name: string, delimiter: string): boolean {
  // matched[j]: the pattern read so far matches the first j characters of name.
  let matched: boolean[] = Array.from({ length: name.length + 1 }, (_, j) => j === 0);
  // By UTF-16 unit on both sides, so characters outside the BMP compare correctly too.
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const next: boolean[] = new Array<boolean>(name.length + 1).fill(false);
    for (let j = 0; j <= name.length; j++) {
      if (ch === '*') next[j] = matched[j]! || (j > 0 && next[j - 1]!);
      else if (ch === '%') next[j] = matched[j]! || (j > 0 && next[j - 1]! && name[j - 1] !== delimiter);
      else next[j] = j > 0 && matched[j - 1]! && name[j - 1] === ch;
    }
    matched = next;
  }
  return matched[name.length]!;
}
