/**
 * Most distinct strings the table keeps. A run's devices read the same subjects, senders and
 * Message-IDs; one shared copy each instead of one per device and message (with event texts kept
 * flat) saved about a fifth of what a large run keeps per device-message. Past the bound the table
 * starts over: strings already handed out stay valid, new ones are shared from then on.
 */
export const MAX_INTERNED_STRINGS = 200_000;

/** Shares equal strings; fresh copies, so a value cut from a longer text does not keep it alive. */
export class StringTable {
  private readonly strings = new Map<string, string>();

  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size >= MAX_INTERNED_STRINGS) this.strings.clear();
    const copy = flatCopy(value);
    this.strings.set(copy, copy);
    return copy;
  }

  /** Forgets every string (those handed out stay valid). */
  clear(): void {
    this.strings.clear();
  }

  get size(): number {
    return this.strings.size;
  }
}

/**
 * A copy of `value` that shares no storage with the string it was cut or joined from. V8 keeps a
 * substring of 13 or more characters as a view of its parent (a header value would keep the whole
 * header block alive), and a joined string as a tree of its pieces.
 */
export function flatCopy(value: string): string {
  if (value.length < 13) return value;
  // Latin-1 text round-trips through Latin-1 and stays one byte per character in V8; anything
  // else through UTF-16, code unit by code unit (lone surrogates included).
  const encoding = /[^\x00-\xff]/.test(value) ? 'utf16le' : 'latin1';
  return Buffer.from(value, encoding).toString(encoding);
}
