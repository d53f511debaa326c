/**
 * Subscriptions of one account (RFC 3501 6.3.6-6.3.7, LSUB, LIST (SUBSCRIBED)). RFC 3501
 * subscribes names, not mailboxes: a name may be subscribed before its mailbox exists, and stays
 * subscribed after a DELETE (6.3.6: the server MUST NOT unilaterally remove it). CREATE does not
 * subscribe (LSUB would otherwise report names nobody subscribed, 6.3.9); a RENAME carries the
 * subscriptions of the names it moves, so a client's folder list follows the folder.
 */
export class Subscriptions {
  private readonly names = new Set<string>();

  /** `name` is canonical (INBOX spelled so). */
  add(name: string): void {
    this.names.add(name);
  }

  /** Returns whether the name was subscribed. */
  delete(name: string): boolean {
    return this.names.delete(name);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Subscribed names, sorted by `compare`. */
  list(compare: (a: string, b: string) => number): string[] {
    return [...this.names].sort(compare);
  }

  /** After a RENAME: each moved name's subscription goes with it. */
  rename(moves: ReadonlyMap<string, string>): void {
    const moved = [...moves].filter(([from]) => this.names.has(from));
    for (const [from] of moved) this.names.delete(from);
    for (const [, to] of moved) this.names.add(to);
  }
}
