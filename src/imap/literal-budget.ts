/**
 * Literal octets the whole IMAP service is receiving at once (MAX_LITERAL_BYTES_IN_FLIGHT). Each
 * connection reserves a literal's size before inviting or reading its octets and gives it back
 * once the command has run (the octets are then in the store, or gone).
 */
export class LiteralBudget {
  private used = 0;

  constructor(readonly capacity: number) {}

  /** Reserves `octets` if they fit; false when the server holds as much as it will. */
  reserve(octets: number): boolean {
    if (this.used + octets > this.capacity) return false;
    this.used += octets;
    return true;
  }

  release(octets: number): void {
    this.used = Math.max(0, this.used - octets);
  }

  get inUse(): number {
    return this.used;
  }
}
