/**
 * THREAD's algorithms (RFC 5256 4-5): ORDEREDSUBJECT, REFERENCES with its six steps, and REFS
 * (draft-ietf-morg-inthread, as Dovecot offers it: REFERENCES without the subject merge of step 5,
 * threads ordered by their newest message). Messages in, a forest of thread nodes out.
 */
import { compareCodePoints } from './comparators.js';
import type { MessageKeys } from './message-keys.js';

/** A thread node; `keys` undefined is a dummy standing for a message that is not here. */
export interface ThreadNode {
  keys: MessageKeys | undefined;
  parent: ThreadNode | undefined;
  children: ThreadNode[];
}

function node(keys?: MessageKeys): ThreadNode {
  return { keys, parent: undefined, children: [] };
}

/** RFC 5256 4: by base subject, then sent date; the first message of a subject is the parent of the rest. */
export function orderedSubject(messages: readonly MessageKeys[]): ThreadNode[] {
  const sorted = [...messages].sort((a, b) => compareCodePoints(a.subjectKey, b.subjectKey) || byDate(a, b));
  const roots: ThreadNode[] = [];
  let current: ThreadNode | undefined;
  for (const keys of sorted) {
    if (current && current.keys!.subjectKey === keys.subjectKey) {
      const child = node(keys);
      child.parent = current;
      current.children.push(child);
    } else {
      roots.push((current = node(keys)));
    }
  }
  return roots.sort((a, b) => byDate(a.keys!, b.keys!));
}

export interface ReferencesOptions {
  /** Step 5: gather threads whose roots share a base subject (REFERENCES yes, REFS no). */
  readonly mergeSubjects: boolean;
  /** How threads are ordered: by their root's date (REFERENCES) or their newest message (REFS). */
  readonly threadOrder: 'root' | 'newest';
}

/** RFC 5256 5, steps 1-6. */
export function referencesThreads(messages: readonly MessageKeys[], options: ReferencesOptions): ThreadNode[] {
  // (1) Link messages by Message-ID, References and In-Reply-To.
  const table = new Map<string, ThreadNode>();
  const containers: ThreadNode[] = [];
  for (const keys of messages) {
    const id = firstMessageId(keys.header('message-id'));
    let container = id === undefined ? undefined : table.get(id);
    if (container === undefined || container.keys !== undefined) {
      // A missing or duplicate Message-ID: the message is unique, findable by nobody.
      container = node(keys);
      if (id !== undefined && !table.has(id)) table.set(id, container);
    } else {
      container.keys = keys;
    }
    containers.push(container);
    const references = referencesOf(keys);
    let previous: ThreadNode | undefined;
    for (const ref of references) {
      let refContainer = table.get(ref);
      if (refContainer === undefined) table.set(ref, (refContainer = node()));
      if (previous && refContainer.parent === undefined && canLink(previous, refContainer)) link(previous, refContainer);
      previous = refContainer;
    }
    // (1C) The message's parent is the last reference, whatever was presumed before.
    if (previous !== container) {
      unlink(container);
      if (previous && canLink(previous, container)) link(previous, container);
    }
  }
  // (2) The root set; (3) the table is no longer needed.
  const all = new Set<ThreadNode>([...table.values(), ...containers]);
  let roots = [...all].filter((c) => c.parent === undefined);
  // (4) Prune dummies.
  roots = prune(roots, true);
  // (5) Gather by base subject.
  if (options.mergeSubjects) roots = mergeBySubject(roots);
  // (6) Sort siblings by sent date, then threads.
  for (const root of roots) sortTree(root);
  if (options.threadOrder === 'root') return roots.sort((a, b) => byDate(representative(a), representative(b)));
  return roots.sort((a, b) => byDate(newest(a), newest(b)));
}

function link(parent: ThreadNode, child: ThreadNode): void {
  child.parent = parent;
  parent.children.push(child);
}

function unlink(child: ThreadNode): void {
  const parent = child.parent;
  if (!parent) return;
  parent.children = parent.children.filter((c) => c !== child);
  child.parent = undefined;
}

/**
 * Deepest reply chain threaded as such. A message deeper down starts a thread of its own: the
 * loop checks walk up at most this far, and the later steps (pruning, sorting, printing) recurse
 * this deep at most, so a crafted chain of 100,000 replies can neither overflow the stack nor
 * make threading quadratic.
 */
export const MAX_THREAD_DEPTH = 1000;

/**
 * Whether `child` may hang under `parent` (RFC 5256 5, step 1B): not if either is already the
 * other's ancestor (a loop), nor if `parent` sits deeper than MAX_THREAD_DEPTH.
 */
function canLink(parent: ThreadNode, child: ThreadNode): boolean {
  if (parent === child) return false;
  let depth = 0;
  for (let up: ThreadNode | undefined = parent; up !== undefined; up = up.parent) {
    if (up === child || ++depth > MAX_THREAD_DEPTH) return false;
  }
  // The child's own subtree must not hold the parent: walking up from the parent did not meet the
  // child, so the only other loop would be the child above the parent, which the walk covered.
  return true;
}

/**
 * (4) A dummy without children goes; a dummy with children is replaced by them, except that
 * children are not promoted to the root level unless there is only one.
 */
function prune(list: readonly ThreadNode[], rootLevel: boolean): ThreadNode[] {
  const out: ThreadNode[] = [];
  for (const container of list) {
    container.children = prune(container.children, false);
    for (const child of container.children) child.parent = container;
    if (container.keys !== undefined) {
      out.push(container);
    } else if (container.children.length === 0) {
      continue;
    } else if (!rootLevel || container.children.length === 1) {
      for (const child of container.children) {
        child.parent = rootLevel ? undefined : container.parent;
        out.push(child);
      }
    } else {
      out.push(container);
    }
  }
  return out;
}

/** A container's subject: its message's, or for a dummy its first child's (5A). */
function subjectOf(container: ThreadNode): MessageKeys | undefined {
  return container.keys ?? container.children[0]?.keys;
}

function isReply(container: ThreadNode): boolean {
  return container.keys?.baseSubject.replyOrForward ?? false;
}

/** (5) Roots with the same base subject become one thread. */
function mergeBySubject(roots: ThreadNode[]): ThreadNode[] {
  const table = new Map<string, ThreadNode>();
  for (const root of roots) {
    const subject = subjectOf(root)?.subjectKey ?? '';
    if (subject === '') continue;
    const existing = table.get(subject);
    // (5B) Prefer a dummy, then a message that is not a reply or forward.
    if (!existing || (existing.keys !== undefined && root.keys === undefined) || (isReply(existing) && !isReply(root))) table.set(subject, root);
  }
  const result = new Set(roots);
  for (const root of roots) {
    if (!result.has(root)) continue;
    const subject = subjectOf(root)?.subjectKey ?? '';
    if (subject === '') continue;
    const entry = table.get(subject)!;
    if (entry === root) continue;
    result.delete(root);
    if (entry.keys === undefined && root.keys === undefined) {
      // Both dummies: their children become siblings.
      for (const child of root.children) link(entry, child);
      root.children = [];
    } else if (entry.keys === undefined || (isReply(root) && !isReply(entry))) {
      link(entry, root);
    } else {
      // Neither fits under the other: a new dummy holds both.
      const dummy = node();
      result.delete(entry);
      link(dummy, entry);
      link(dummy, root);
      table.set(subject, dummy);
      result.add(dummy);
    }
  }
  return [...result];
}

/** The message a node sorts by: its own, or for a dummy its first child's (after sorting). */
function representative(container: ThreadNode): MessageKeys {
  return container.keys ?? representative(container.children[0]!);
}

function newest(container: ThreadNode): MessageKeys {
  let best = representative(container);
  for (const child of container.children) {
    const candidate = newest(child);
    if (byDate(candidate, best) > 0) best = candidate;
  }
  return best;
}

function sortTree(container: ThreadNode): void {
  for (const child of container.children) sortTree(child);
  container.children.sort((a, b) => byDate(representative(a), representative(b)));
}

/** Sent date, then the mailbox order (RFC 5256 2.2). */
function byDate(a: MessageKeys, b: MessageKeys): number {
  return a.sentDate - b.sentDate || a.seq - b.seq;
}

const MSG_ID = /<[^<>\s]*>/g;

/** The first msg-id of a header, or undefined. */
function firstMessageId(value: string | undefined): string | undefined {
  return value?.match(MSG_ID)?.[0];
}

/** References' msg-ids, or the first of In-Reply-To when there is no References (RFC 5256 5, step 1B). */
function referencesOf(keys: MessageKeys): string[] {
  const references = keys.header('references')?.match(MSG_ID);
  if (references && references.length > 0) return references;
  const reply = firstMessageId(keys.header('in-reply-to'));
  return reply === undefined ? [] : [reply];
}

/** The thread list of RFC 5256 4: `(2)(3 6 (4 23)(44 7 96))`. */
export function formatThreads(roots: readonly ThreadNode[], number: (keys: MessageKeys) => number): string {
  const render = (container: ThreadNode): string => {
    const children = container.children;
    if (container.keys === undefined) return children.map((c) => `(${render(c)})`).join('');
    const head = String(number(container.keys));
    if (children.length === 0) return head;
    if (children.length === 1) return `${head} ${render(children[0]!)}`;
    return `${head} ${children.map((c) => `(${render(c)})`).join('')}`;
  };
  return roots.map((root) => `(${render(root)})`).join('');
}
