import { readContentFields, DEFAULT_TEXT_PARAMS, type ContentFields } from './content-fields.js';
import { IndexedHeaders, LazyHeaders, lineEndingStart, scanHeaderBlock } from './headers.js';
import { MAX_BOUNDARY_OCTETS, MAX_MIME_DEPTH, MAX_MIME_PARTS } from './limits.js';
import { LineIndex } from './line-index.js';
import type { HeaderBlock, MimePart, ParsedMessage } from './types.js';

/** A MimePart while it is being built; the public type exposes it read-only. */
type DraftPart = { -readonly [K in Exclude<keyof MimePart, 'children' | 'message'>]: MimePart[K] } & {
  children: DraftPart[];
  message: DraftPart | null;
};

/** The boundary of a multipart whose body we are inside. */
interface OpenBoundary {
  readonly bytes: Buffer;
}

/** A delimiter line found while scanning: it ends whatever entity is being read. */
interface Delimiter {
  readonly boundary: OpenBoundary;
  /** Where the content before the delimiter ends: its preceding line ending belongs to it. */
  readonly contentEnd: number;
  /** Offset after the delimiter line, including its line ending. */
  readonly lineEnd: number;
  /** True for the close delimiter `--boundary--`. */
  readonly isClose: boolean;
}

interface EntityResult {
  readonly part: DraftPart;
  /** The delimiter that ended this entity, or null when it ran to the end of the input. */
  readonly delimiter: Delimiter | null;
}

const NEWLINE_DASHES = Buffer.from('\n--', 'latin1');
const DASH = 0x2d;
const LF = 0x0a;

/**
 * Builds the MIME part tree of a stored message in one pass over its bytes. Never throws.
 *
 * Boundaries are matched as Dovecot does, following RFC 2046 5.1.1: a delimiter line starts with
 * "--" + boundary (whatever follows on the line is ignored, so trailing whitespace is fine), the
 * line ending before it belongs to the delimiter, and a delimiter of any enclosing multipart ends
 * every part nested inside it, so a multipart that is never closed cannot swallow its siblings.
 * When boundaries are prefixes of each other, the longest match wins.
 */
export function parseMessage(raw: Buffer): ParsedMessage {
  const builder = new TreeBuilder(raw);
  const root = builder.parseEntity(0, 0, false, true).part;
  numberMessage(root, '');
  return { root, size: raw.length, parts: builder.parts };
}

const parsedByBuffer = new WeakMap<Buffer, ParsedMessage>();

/**
 * parseMessage with a per-Buffer cache: a stored message's bytes never change, so each is parsed
 * once however many FETCH and SEARCH commands look at it. Keyed by identity; pass the same Buffer.
 */
export function getParsed(raw: Buffer): ParsedMessage {
  let parsed = parsedByBuffer.get(raw);
  if (parsed === undefined) {
    parsed = parseMessage(raw);
    parsedByBuffer.set(raw, parsed);
  }
  return parsed;
}

/** Whether getParsed has this Buffer's parse cached (so asking for it costs nothing). */
export function isParsed(raw: Buffer): boolean {
  return parsedByBuffer.has(raw);
}

class TreeBuilder {
  /** Boundaries of the multiparts enclosing the current position, innermost last. */
  private readonly open: OpenBoundary[] = [];
  private partCount = 0;
  private readonly lines: LineIndex;

  constructor(private readonly raw: Buffer) {
    this.lines = new LineIndex(raw);
  }

  get parts(): number {
    return this.partCount;
  }

  /** `messageRoot`: the top entity or an encapsulated message's, whose header fields stay indexed. */
  parseEntity(start: number, depth: number, inDigest: boolean, messageRoot: boolean): EntityResult {
    this.partCount++;
    const scan = scanHeaderBlock(this.raw, start, (at) => this.matchDelimiter(at) !== null);
    const headers = new IndexedHeaders(scan.fields);
    const fields = readContentFields(headers, inDigest);
    const part = this.draft(start, scan.headerEnd, messageRoot ? headers : new LazyHeaders(this.raw, start, scan.headerEnd), fields);
    // A header that runs into a delimiter leaves the part without a body.
    const cutBy = scan.delimiterLine === -1 ? null : this.matchDelimiter(scan.delimiterLine);
    const mayDescend = depth < MAX_MIME_DEPTH && this.partCount < MAX_MIME_PARTS;
    if (part.type === 'multipart') {
      const boundary = boundaryOf(part);
      if (!mayDescend) downgradeToOpaque(part);
      else if (boundary === null || cutBy !== null) downgradeToText(part);
      else return this.parseMultipartBody(part, boundary, depth);
    } else if (isEncapsulatedMessage(part)) {
      if (!mayDescend) {
        downgradeToOpaque(part);
      } else if (cutBy !== null) {
        // As in Dovecot: the encapsulated message exists, it is just empty.
        part.message = this.emptyEntity(part.headerEnd);
      } else {
        const inner = this.parseEntity(part.headerEnd, depth + 1, false, true);
        part.message = inner.part;
        return this.finish(part, inner.delimiter);
      }
    }
    const delimiter =
      cutBy === null ? this.findDelimiter(part.headerEnd) : this.delimiterAt(scan.delimiterLine, cutBy, scan.headerEnd);
    return this.finish(part, delimiter);
  }

  /** An entity with no header and no body, at `at`. */
  private emptyEntity(at: number): DraftPart {
    this.partCount++;
    const headers = new IndexedHeaders([]);
    return this.draft(at, at, headers, readContentFields(headers, false));
  }

  private parseMultipartBody(part: DraftPart, boundaryBytes: Buffer, depth: number): EntityResult {
    const boundary: OpenBoundary = { bytes: boundaryBytes };
    const inDigest = part.subtype === 'digest';
    this.open.push(boundary);
    let delimiter = this.findDelimiter(part.headerEnd); // skips the preamble
    while (delimiter !== null && delimiter.boundary === boundary && !delimiter.isClose) {
      if (this.partCount >= MAX_MIME_PARTS) break;
      const child = this.parseEntity(delimiter.lineEnd, depth + 1, inDigest, false);
      part.children.push(child.part);
      delimiter = child.delimiter;
    }
    // Our own boundary is the innermost open one again: nested multiparts have closed theirs.
    this.open.pop();
    if (delimiter !== null && delimiter.boundary === boundary) {
      // Close delimiter (or the part limit was hit): the rest up to an enclosing delimiter is epilogue.
      delimiter = this.findDelimiter(delimiter.lineEnd);
    }
    if (part.children.length === 0) downgradeToText(part);
    return this.finish(part, delimiter);
  }

  private finish(part: DraftPart, delimiter: Delimiter | null): EntityResult {
    part.bodyEnd = Math.max(part.headerEnd, delimiter === null ? this.raw.length : delimiter.contentEnd);
    part.size = part.bodyEnd - part.headerEnd;
    part.lines = this.lines.countLf(part.headerEnd, part.bodyEnd);
    return { part, delimiter };
  }

  /** Finds the next delimiter line of any open multipart, looking at line starts from `from` on. */
  private findDelimiter(from: number): Delimiter | null {
    if (this.open.length === 0) return null;
    const first = this.matchDelimiter(from);
    if (first !== null) return this.delimiterAt(from, first, from);
    let searchFrom = from;
    for (;;) {
      const newline = this.raw.indexOf(NEWLINE_DASHES, searchFrom);
      if (newline === -1) return null;
      const lineStart = newline + 1;
      const boundary = this.matchDelimiter(lineStart);
      if (boundary !== null) {
        return this.delimiterAt(lineStart, boundary, lineEndingStart(this.raw, from, lineStart));
      }
      searchFrom = lineStart;
    }
  }

  private delimiterAt(lineStart: number, boundary: OpenBoundary, contentEnd: number): Delimiter {
    const afterBoundary = lineStart + 2 + boundary.bytes.length;
    const isClose = this.raw[afterBoundary] === DASH && this.raw[afterBoundary + 1] === DASH;
    const lf = this.raw.indexOf(LF, lineStart);
    return { boundary, contentEnd, lineEnd: lf === -1 ? this.raw.length : lf + 1, isClose };
  }

  /** The open boundary a line starting at `lineStart` delimits (longest match), or null. */
  private matchDelimiter(lineStart: number): OpenBoundary | null {
    const raw = this.raw;
    if (this.open.length === 0 || raw[lineStart] !== DASH || raw[lineStart + 1] !== DASH) return null;
    let best: OpenBoundary | null = null;
    for (let i = this.open.length - 1; i >= 0; i--) {
      const candidate = this.open[i];
      if (candidate === undefined || (best !== null && best.bytes.length >= candidate.bytes.length)) continue;
      if (startsWithAt(raw, lineStart + 2, candidate.bytes)) best = candidate;
    }
    return best;
  }

  private draft(start: number, headerEnd: number, headers: HeaderBlock, fields: ContentFields): DraftPart {
    return {
      partNumber: '',
      headerStart: start,
      headerEnd,
      bodyEnd: headerEnd,
      headers,
      ...fields,
      size: 0,
      lines: 0,
      children: [],
      message: null,
    };
  }
}

/**
 * Whether `raw` holds `prefix` at `offset`. A plain loop: most candidates differ in the first
 * byte or two, and this runs for every "--" line against every open boundary.
 */
function startsWithAt(raw: Buffer, offset: number, prefix: Buffer): boolean {
  if (offset + prefix.length > raw.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (raw[offset + i] !== prefix[i]) return false;
  }
  return true;
}

function boundaryOf(part: DraftPart): Buffer | null {
  const value = part.params.find((param) => param.name.toLowerCase() === 'boundary')?.value;
  if (value === undefined || value === '') return null;
  const bytes = Buffer.from(value, 'utf8');
  return bytes.length <= MAX_BOUNDARY_OCTETS ? bytes : null;
}

function isEncapsulatedMessage(part: DraftPart): boolean {
  return part.type === 'message' && (part.subtype === 'rfc822' || part.subtype === 'global');
}

/**
 * A multipart that yields no body parts (no usable boundary, or a boundary that never occurs)
 * cannot be described as a multipart in BODYSTRUCTURE, which needs at least one part. RFC 2045 5.2
 * says to treat an unusable Content-Type as text/plain; us-ascii, so its body becomes one text part.
 */
function downgradeToText(part: DraftPart): void {
  part.type = 'text';
  part.subtype = 'plain';
  part.params = DEFAULT_TEXT_PARAMS;
  part.children = [];
}

/** A container nested deeper than MAX_MIME_DEPTH (or past MAX_MIME_PARTS) is kept as opaque bytes. */
function downgradeToOpaque(part: DraftPart): void {
  part.type = 'application';
  part.subtype = 'octet-stream';
  part.params = [];
}

/** Section numbers per RFC 3501 6.4.5; `prefix` is the number of the enclosing message part. */
function numberMessage(root: DraftPart, prefix: string): void {
  if (root.type === 'multipart') {
    root.partNumber = prefix;
    numberChildren(root, prefix);
  } else {
    numberPart(root, join(prefix, 1));
  }
}

function numberPart(part: DraftPart, partNumber: string): void {
  part.partNumber = partNumber;
  numberChildren(part, partNumber);
  if (part.message !== null) numberMessage(part.message, partNumber);
}

function numberChildren(part: DraftPart, prefix: string): void {
  part.children.forEach((child, index) => numberPart(child, join(prefix, index + 1)));
}

function join(prefix: string, index: number): string {
  return prefix === '' ? String(index) : `${prefix}.${index}`;
}
