/**
 * Which names LIST and LSUB report, with which attributes (RFC 3501 6.3.8-6.3.9, LIST-EXTENDED
 * RFC 5258, SPECIAL-USE RFC 6154). Pure: account in, entries out; the commands write the wire.
 *
 * The store keeps the hierarchy closed - every parent of a mailbox is a mailbox or a \Noselect
 * name - so "%" never needs invented levels for existing mailboxes. Subscribed names need not
 * exist; with LIST (SUBSCRIBED) they come back as \NonExistent, and RECURSIVEMATCH may report a
 * parent that exists nowhere but as a prefix of a subscribed name.
 */
import type { Account } from '../store/account.js';
import { compareMailboxNames, HIERARCHY_DELIMITER } from '../store/account.js';
import type { Mailbox } from '../store/mailbox.js';
import { listPatternMatcher, type ListSelection } from './syntax/index.js';

export interface ListEntry {
  readonly name: string;
  readonly attributes: readonly string[];
  /** The mailbox when it exists and can be selected (RETURN (STATUS) reports only these). */
  readonly mailbox: Mailbox | undefined;
  /** RFC 5258 CHILDINFO: the selection criteria some descendant meets. */
  readonly childInfo?: readonly string[];
}

export interface ListQuery {
  /** Canonical patterns, reference already applied (joinReference). */
  readonly patterns: readonly string[];
  readonly selection: ListSelection;
  /** RETURN (SUBSCRIBED), or implied by the SUBSCRIBED selection option. */
  readonly returnSubscribed: boolean;
}

/** What the account holds right now: a mailbox, a \Noselect name (null), or nothing (undefined). */
class Hierarchy {
  readonly nodes = new Map<string, Mailbox | null>();
  /** Names with at least one existing child. */
  readonly parents = new Set<string>();
  readonly subscribed: ReadonlySet<string>;

  constructor(account: Account) {
    for (const box of account.mailboxes()) this.nodes.set(box.name, box);
    for (const name of account.noselectNames()) this.nodes.set(name, null);
    for (const name of this.nodes.keys()) for (const parent of ancestors(name)) this.parents.add(parent);
    this.subscribed = new Set(account.subscribedNames());
  }
}

/** "a/b/c" -> "a", "a/b". */
function ancestors(name: string): string[] {
  const parts = name.split(HIERARCHY_DELIMITER);
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join(HIERARCHY_DELIMITER));
  return out;
}

/** For each ancestor of the given names, the given names below it. */
function descendantsByAncestor(names: Iterable<string>): Map<string, string[]> {
  const below = new Map<string, string[]>();
  for (const name of names) {
    for (const parent of ancestors(name)) {
      const list = below.get(parent);
      if (list) list.push(name);
      else below.set(parent, [name]);
    }
  }
  return below;
}

function patternTest(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map((pattern) => listPatternMatcher(pattern, HIERARCHY_DELIMITER));
  return (name) => matchers.some((matches) => matches(name));
}

/**
 * RFC 5258 3.3: a name is listed when it matches a pattern and meets the selection criteria, or
 * (RECURSIVEMATCH) when some descendant meets them that the patterns do not list by itself.
 */
export function listEntries(account: Account, query: ListQuery): ListEntry[] {
  const tree = new Hierarchy(account);
  const { selection } = query;
  const filtered = selection.subscribed || selection.specialUse;
  const meets = (name: string): boolean => {
    if (!filtered) return tree.nodes.has(name);
    if (selection.subscribed && !tree.subscribed.has(name)) return false;
    if (selection.specialUse && !tree.nodes.get(name)?.specialUse) return false;
    return true;
  };
  const qualifying = [...new Set([...tree.nodes.keys(), ...tree.subscribed])].filter(meets);
  // RECURSIVEMATCH: each ancestor of a qualifying name is a candidate too.
  const below = selection.recursiveMatch ? descendantsByAncestor(qualifying) : new Map<string, string[]>();
  const candidates = new Set([...qualifying, ...below.keys()]);
  const criteria = [...(selection.subscribed ? ['SUBSCRIBED'] : []), ...(selection.specialUse ? ['SPECIAL-USE'] : [])];
  const matches = patternTest(query.patterns);
  const entries: ListEntry[] = [];
  for (const name of [...candidates].sort(compareMailboxNames)) {
    if (!matches(name)) continue;
    const selected = meets(name);
    const descendants = below.get(name) ?? [];
    // 3.5: a name that does not qualify itself is worth listing only for a descendant not listed.
    const childInfo = selected ? descendants.length > 0 : descendants.some((d) => !matches(d));
    if (!selected && !childInfo) continue;
    const node = tree.nodes.get(name);
    const attributes: string[] = [];
    if (node === undefined) attributes.push('\\NonExistent');
    else if (node === null) attributes.push('\\Noselect');
    if (tree.parents.has(name)) attributes.push('\\HasChildren');
    else if (node !== undefined) attributes.push('\\HasNoChildren');
    if (node?.specialUse) attributes.push(node.specialUse);
    if (query.returnSubscribed && tree.subscribed.has(name)) attributes.push('\\Subscribed');
    entries.push({ name, attributes, mailbox: node ?? undefined, ...(childInfo ? { childInfo: criteria } : {}) });
  }
  return entries;
}

/**
 * LSUB (RFC 3501 6.3.9): subscribed names matching the pattern. A name that cannot be selected is
 * \Noselect, and so - LSUB's second meaning of \Noselect - is an unsubscribed parent whose
 * subscribed descendants the pattern does not reach ("%").
 */
export function lsubEntries(account: Account, pattern: string): ListEntry[] {
  const tree = new Hierarchy(account);
  const matches = patternTest([pattern]);
  const below = descendantsByAncestor(tree.subscribed);
  const candidates = new Set([...tree.subscribed, ...below.keys()]);
  const entries: ListEntry[] = [];
  for (const name of [...candidates].sort(compareMailboxNames)) {
    if (!matches(name)) continue;
    const node = tree.nodes.get(name) ?? undefined;
    if (tree.subscribed.has(name)) {
      entries.push({ name, attributes: node ? [] : ['\\Noselect'], mailbox: node });
      continue;
    }
    if ((below.get(name) ?? []).some((other) => !matches(other))) entries.push({ name, attributes: ['\\Noselect'], mailbox: node });
  }
  return entries;
}
