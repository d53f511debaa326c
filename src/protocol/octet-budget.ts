/**
 * Octets a whole service is receiving at once: IMAP literals (MAX_LITERAL_BYTES_IN_FLIGHT), SMTP
 * message bodies (MAX_RECEIVING_OCTETS). Each connection reserves what it holds (IMAP before it
 * reads a literal; SMTP as a body's octets arrive, so one read over at most) and gives it back
 * once the octets are in the store, or gone.
 */
export class OctetBudget {
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
