import { MAX_HEADER_FIELDS } from './limits.js';
import { decodeText, trimWsp } from './text.js';
import type { HeaderBlock, HeaderField } from './types.js';

// Byte values are module-local constants: hot loops read them millions of times, and an imported
// binding can cost a getter call per read under some module loaders (tsx, vitest).
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;

/** Where a header block ends, and whether a delimiter line cut it short. */
export interface HeaderScan {
  readonly fields: HeaderField[];
  /** Offset of the body: after the blank line, or where the block was cut off. */
  readonly headerEnd: number;
  /** Start of the delimiter line that ended the block, or -1 (blank line or end of input). */
  readonly delimiterLine: number;
}

interface FieldSpan {
  start: number;
  end: number;
  /** Set for the catch-all span past MAX_HEADER_FIELDS; its value is not decoded. */
  overflow: boolean;
}

/**
 * Reads the header block starting at `start`. It ends after the first empty line (LF or CRLF),
 * at a line `isDelimiterLine` recognises (a part whose header runs into the next boundary), or at
 * the end of the input (a message that is only headers). A line without a colon does not end the
 * block; like Dovecot we keep it as a malformed line, so garbage cannot make headers look like body.
 */
export function scanHeaderBlock(
  raw: Buffer,
  start: number,
  isDelimiterLine: (lineStart: number) => boolean,
): HeaderScan {
  const spans: FieldSpan[] = [];
  let pos = start;
  let headerEnd = raw.length;
  let delimiterLine = -1;
  while (pos < raw.length) {
    if (isDelimiterLine(pos)) {
      delimiterLine = pos;
      // The line ending in front of a delimiter belongs to the delimiter (RFC 2046 5.1.1).
      headerEnd = lineEndingStart(raw, start, pos);
      break;
    }
    const lf = raw.indexOf(LF, pos);
    const next = lf === -1 ? raw.length : lf + 1;
    if (raw[pos] === LF || (raw[pos] === CR && raw[pos + 1] === LF)) {
      headerEnd = next;
      break;
    }
    const last = spans[spans.length - 1];
    const continues = raw[pos] === SP || raw[pos] === HTAB;
    if (last !== undefined && (continues || last.overflow)) {
      last.end = next;
    } else if (spans.length === MAX_HEADER_FIELDS - 1) {
      spans.push({ start: pos, end: next, overflow: true });
    } else {
      spans.push({ start: pos, end: next, overflow: false });
    }
    pos = next;
  }
  const last = spans[spans.length - 1];
  if (last !== undefined && last.end > headerEnd) last.end = headerEnd;
  return { fields: spans.map((span) => toField(raw, span)), headerEnd, delimiterLine };
}

/** Offset where the line ending before `lineStart` begins (never before `floor`). */
export function lineEndingStart(raw: Buffer, floor: number, lineStart: number): number {
  let at = lineStart;
  if (at > floor && raw[at - 1] === LF) {
    at--;
    if (at > floor && raw[at - 1] === CR) at--;
  }
  return at;
}

function toField(raw: Buffer, span: FieldSpan): HeaderField {
  const { start, end } = span;
  if (span.overflow) return { name: '', value: '', start, end };
  const colon = findNameEnd(raw, start, end);
  if (colon === -1) {
    return { name: '', value: trimWsp(decodeText(unfoldBytes(raw.subarray(start, end))).text), start, end };
  }
  let nameEnd = colon;
  while (raw[nameEnd - 1] === SP || raw[nameEnd - 1] === HTAB) nameEnd--;
  return {
    name: raw.toString('latin1', start, nameEnd),
    ...valueOf(unfoldBytes(raw.subarray(colon + 1, end))),
    start,
    end,
  };
}

/** A field value decoded, with the latin1 mark only when it applies. */
function valueOf(octets: Buffer): { value: string; latin1?: true } {
  const { text, latin1 } = decodeText(octets);
  return latin1 ? { value: trimWsp(text), latin1 } : { value: trimWsp(text) };
}

/**
 * Offset of the colon ending a valid field name (RFC 5322 ftext, optionally followed by WSP as
 * obsolete syntax allows), or -1. Stops at the first byte that cannot be part of a name, so the
 * scan is bounded by the name's length, not the line's.
 */
function findNameEnd(raw: Buffer, start: number, end: number): number {
  let sawWsp = false;
  for (let i = start; i < end; i++) {
    const byte = raw[i] ?? 0;
    if (byte === COLON) return i > start ? i : -1;
    if (byte === SP || byte === HTAB) {
      if (i === start) return -1;
      sawWsp = true;
    } else if (byte < 33 || byte > 126 || sawWsp) {
      return -1;
    }
  }
  return -1;
}

/**
 * Unfolds a field value (RFC 5322 2.2.3): drops every line break, keeping the WSP after it. Works
 * on bytes so a value folded over millions of lines costs one copy, not a regex over a string.
 */
function unfoldBytes(value: Buffer): Buffer {
  if (value.indexOf(LF) === -1) return value;
  const out = Buffer.allocUnsafe(value.length);
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const byte = value[i] ?? 0;
    if (byte === LF || (byte === CR && value[i + 1] === LF)) continue;
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** Case-insensitive lookup over the fields of one header block. */
export class IndexedHeaders implements HeaderBlock {
  private readonly byName = new Map<string, HeaderField[]>();

  constructor(readonly fields: readonly HeaderField[]) {
    for (const field of fields) {
      if (field.name === '') continue;
      const key = field.name.toLowerCase();
      const values = this.byName.get(key);
      if (values === undefined) this.byName.set(key, [field]);
      else values.push(field);
    }
  }

  get(name: string): string | undefined {
    return this.first(name)?.value;
  }

  getAll(name: string): string[] {
    return (this.byName.get(name.toLowerCase()) ?? []).map((field) => field.value);
  }

  first(name: string): HeaderField | undefined {
    return this.byName.get(name.toLowerCase())?.[0];
  }
}

/**
 * The header block of a body part, read again from the message bytes each time it is asked for.
 * Parsing reads every part's MIME fields once (content-fields.ts); after that only message roots
 * need their fields (ENVELOPE, HEADER.FIELDS, SEARCH), so body parts keep two offsets instead of
 * an index of strings: a message of a thousand parts costs a few hundred kilobytes, not megabytes.
 */
export class LazyHeaders implements HeaderBlock {
  constructor(
    private readonly raw: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get fields(): readonly HeaderField[] {
    return this.index().fields;
  }

  get(name: string): string | undefined {
    return this.index().get(name);
  }

  getAll(name: string): string[] {
    return this.index().getAll(name);
  }

  first(name: string): HeaderField | undefined {
    return this.index().first(name);
  }

  private index(): IndexedHeaders {
    return new IndexedHeaders(scanHeaderBlock(this.raw, this.start, (at) => at >= this.end).fields);
  }
}
