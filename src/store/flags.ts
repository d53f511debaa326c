/**
 * IMAP system flags (RFC 3501 2.3.2) and keywords. System flags are case-insensitive on the wire;
 * the store keeps their canonical spelling so every protocol and report prints them the same way.
 */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;
export type SystemFlag = (typeof SYSTEM_FLAGS)[number];

export const SEEN = '\\Seen';
export const FLAGGED = '\\Flagged';
export const DELETED = '\\Deleted';
export const ANSWERED = '\\Answered';
export const DRAFT = '\\Draft';

const CANONICAL = new Map(SYSTEM_FLAGS.map((flag) => [flag.toLowerCase(), flag]));

/** "\\seen" -> "\\Seen"; keywords are returned unchanged. */
export function canonicalFlag(flag: string): string {
  return CANONICAL.get(flag.toLowerCase()) ?? flag;
}

export function isSystemFlag(flag: string): boolean {
  return CANONICAL.has(flag.toLowerCase());
}

/** Flags in a stable order: system flags first in RFC order, then keywords alphabetically. */
export function sortFlags(flags: Iterable<string>): string[] {
  const rank = (f: string): number => {
    const i = SYSTEM_FLAGS.indexOf(f as SystemFlag);
    return i === -1 ? SYSTEM_FLAGS.length : i;
  };
  return [...flags].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A set of flags where system flags and keywords compare case-insensitively (RFC 3501 2.3.2). */
export class FlagSet {
  private readonly byKey = new Map<string, string>();
  private changes = 0;

  constructor(flags: Iterable<string> = []) {
    for (const flag of flags) this.add(flag);
  }

  has(flag: string): boolean {
    return this.byKey.has(flag.toLowerCase());
  }

  /** Returns true when the flag was not already set. */
  add(flag: string): boolean {
    const key = flag.toLowerCase();
    if (this.byKey.has(key)) return false;
    this.byKey.set(key, canonicalFlag(flag));
    this.changes++;
    return true;
  }

  /** Returns true when the flag was set. */
  delete(flag: string): boolean {
    if (!this.byKey.delete(flag.toLowerCase())) return false;
    this.changes++;
    return true;
  }

  /**
   * Goes up with every change: what was derived from the set at one version (the wire text of a
   * FLAGS list) still holds while the version is the same.
   */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Sorted, so anything printed from a FlagSet is deterministic. */
  toArray(): string[] {
    return sortFlags(this.byKey.values());
  }

  equals(other: FlagSet): boolean {
    if (other.size !== this.size) return false;
    for (const key of this.byKey.keys()) if (!other.byKey.has(key)) return false;
    return true;
  }
}
