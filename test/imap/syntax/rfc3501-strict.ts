/**
 * A strict reader of the RFC 3501 section 9 formal syntax for the FETCH items whose shape clients
 * depend on most: `body` (BODY, BODYSTRUCTURE) and `envelope`. One function per ABNF rule, no
 * leniency: where imapflow (and most clients) skip a stray space, this throws, as c-client
 * (alpine) in effect does. Only media-message also takes "GLOBAL" (RFC 6532 3.5, RFC 9051 9).
 *
 * ABNF alternatives are tried in order with backtracking, so any derivation the grammar allows is
 * accepted - a faithful reading, not a PEG approximation.
 */

export class StrictSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at octet ${offset}`);
  }
}

/** What the reader returns: enough structure for tests to check the content too. */
export type StrictBody =
  | { readonly kind: 'multipart'; readonly parts: readonly StrictBody[]; readonly subtype: string; readonly extension: boolean }
  | {
      readonly kind: 'basic' | 'text' | 'message';
      readonly type: string;
      readonly subtype: string;
      readonly octets: number;
      readonly lines?: number;
      readonly envelope?: StrictEnvelope;
      readonly body?: StrictBody;
      readonly extension: boolean;
    };

export interface StrictAddress {
  readonly name: string | null;
  readonly adl: string | null;
  readonly mailbox: string | null;
  readonly host: string | null;
}

export interface StrictEnvelope {
  readonly date: string | null;
  readonly subject: string | null;
  readonly from: readonly StrictAddress[] | null;
  readonly sender: readonly StrictAddress[] | null;
  readonly replyTo: readonly StrictAddress[] | null;
  readonly to: readonly StrictAddress[] | null;
  readonly cc: readonly StrictAddress[] | null;
  readonly bcc: readonly StrictAddress[] | null;
  readonly inReplyTo: string | null;
  readonly messageId: string | null;
}

export interface StrictFetch {
  readonly seq: number;
  readonly items: ReadonlyMap<string, StrictBody | StrictEnvelope | number>;
}

const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

class Reader {
  pos = 0;

  constructor(readonly bytes: Buffer) {}

  fail(what: string): never {
    throw new StrictSyntaxError(`expected ${what}`, this.pos);
  }

  peek(): number | undefined {
    return this.bytes[this.pos];
  }

  /** Case-insensitive literal text, as ABNF quoted strings are. */
  lit(text: string): void {
    const got = this.bytes.toString('latin1', this.pos, this.pos + text.length);
    if (got.toUpperCase() !== text.toUpperCase()) this.fail(JSON.stringify(text));
    this.pos += text.length;
  }

  tryLit(text: string): boolean {
    const got = this.bytes.toString('latin1', this.pos, this.pos + text.length);
    if (got.toUpperCase() !== text.toUpperCase()) return false;
    this.pos += text.length;
    return true;
  }

  sp(): void {
    this.lit(' ');
  }

  /** Runs `rule`; on failure restores the position and returns undefined. */
  attempt<T>(rule: () => T): T | undefined {
    const start = this.pos;
    try {
      return rule();
    } catch (error) {
      if (!(error instanceof StrictSyntaxError)) throw error;
      this.pos = start;
      return undefined;
    }
  }

  /** [SP rule]: an optional element introduced by a space; true when it was there. */
  optional(rule: () => unknown): boolean {
    const found = this.attempt(() => {
      this.sp();
      rule();
      return true;
    });
    return found === true;
  }
}

/** number = 1*DIGIT */
function number(r: Reader): number {
  const start = r.pos;
  while ((r.peek() ?? 0) >= 0x30 && (r.peek() ?? 0) <= 0x39) r.pos++;
  if (r.pos === start) r.fail('a number');
  return Number(r.bytes.toString('latin1', start, r.pos));
}

/** quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR = <TEXT-CHAR except quoted-specials> / "\" quoted-specials */
function quoted(r: Reader): string {
  r.lit('"');
  let out = '';
  for (;;) {
    const byte = r.peek();
    if (byte === undefined) r.fail('a closing DQUOTE');
    if (byte === DQUOTE) {
      r.pos++;
      return out;
    }
    if (byte === BACKSLASH) {
      const next = r.bytes[r.pos + 1];
      if (next !== DQUOTE && next !== BACKSLASH) r.fail('a quoted-special after "\\"');
      out += String.fromCharCode(next);
      r.pos += 2;
      continue;
    }
    // TEXT-CHAR = CHAR (%x01-7F) except CR and LF.
    if (byte === 0 || byte > 0x7f || byte === 0x0d || byte === 0x0a) r.fail('a TEXT-CHAR');
    out += String.fromCharCode(byte);
    r.pos++;
  }
}

/** literal = "{" number "}" CRLF *CHAR8 (CHAR8 = %x01-ff) */
function literal(r: Reader): string {
  r.lit('{');
  const size = number(r);
  r.lit('}\r\n');
  if (r.pos + size > r.bytes.length) r.fail(`${size} literal octets`);
  const octets = r.bytes.subarray(r.pos, r.pos + size);
  if (octets.includes(0)) r.fail('CHAR8 (no NUL) in a literal');
  r.pos += size;
  return octets.toString('utf8');
}

/** string = quoted / literal */
function string(r: Reader): string {
  return r.peek() === DQUOTE ? quoted(r) : literal(r);
}

/** nstring = string / nil */
function nstring(r: Reader): string | null {
  if (r.tryLit('NIL')) return null;
  return string(r);
}

/** body-fld-param = "(" string SP string *(SP string SP string) ")" / nil */
function bodyFldParam(r: Reader): void {
  if (r.tryLit('NIL')) return;
  r.lit('(');
  string(r);
  r.sp();
  string(r);
  while (r.peek() === 0x20) {
    r.sp();
    string(r);
    r.sp();
    string(r);
  }
  r.lit(')');
}

/** body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets */
function bodyFields(r: Reader): number {
  bodyFldParam(r);
  r.sp();
  nstring(r); // body-fld-id
  r.sp();
  nstring(r); // body-fld-desc
  r.sp();
  string(r); // body-fld-enc: the quoted names are strings too
  r.sp();
  return number(r); // body-fld-octets
}

/** body-fld-dsp = "(" string SP body-fld-param ")" / nil */
function bodyFldDsp(r: Reader): void {
  if (r.tryLit('NIL')) return;
  r.lit('(');
  string(r);
  r.sp();
  bodyFldParam(r);
  r.lit(')');
}

/** body-fld-lang = nstring / "(" string *(SP string) ")" */
function bodyFldLang(r: Reader): void {
  if (r.peek() !== 0x28) {
    nstring(r);
    return;
  }
  r.lit('(');
  string(r);
  while (r.peek() === 0x20) {
    r.sp();
    string(r);
  }
  r.lit(')');
}

/** body-extension = nstring / number / "(" body-extension *(SP body-extension) ")" */
function bodyExtension(r: Reader): void {
  if (r.peek() === 0x28) {
    r.lit('(');
    bodyExtension(r);
    while (r.peek() === 0x20) {
      r.sp();
      bodyExtension(r);
    }
    r.lit(')');
    return;
  }
  if (r.attempt(() => number(r)) !== undefined) return;
  nstring(r);
}

/** [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]], shared by both ext rules. */
function extensionTail(r: Reader): void {
  if (!r.optional(() => bodyFldDsp(r))) return;
  if (!r.optional(() => bodyFldLang(r))) return;
  if (!r.optional(() => nstring(r))) return; // body-fld-loc
  while (r.optional(() => bodyExtension(r))) {
    // *(SP body-extension)
  }
}

/** body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]] */
function bodyExt1Part(r: Reader): void {
  nstring(r); // body-fld-md5
  extensionTail(r);
}

/** body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]] */
function bodyExtMpart(r: Reader): void {
  bodyFldParam(r);
  extensionTail(r);
}

/** media-text = DQUOTE "TEXT" DQUOTE SP media-subtype; body-type-text = media-text SP body-fields SP body-fld-lines */
function bodyTypeText(r: Reader): StrictBody {
  r.lit('"TEXT"');
  r.sp();
  const subtype = string(r);
  r.sp();
  const octets = bodyFields(r);
  r.sp();
  const lines = number(r);
  return { kind: 'text', type: 'TEXT', subtype, octets, lines, extension: false };
}

/**
 * media-message = DQUOTE "MESSAGE" DQUOTE SP DQUOTE "RFC822" DQUOTE ("GLOBAL" per RFC 9051);
 * body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
 */
function bodyTypeMsg(r: Reader): StrictBody {
  r.lit('"MESSAGE"');
  r.sp();
  const subtype = r.tryLit('"RFC822"') ? 'RFC822' : (r.lit('"GLOBAL"'), 'GLOBAL');
  r.sp();
  const octets = bodyFields(r);
  r.sp();
  const env = envelope(r);
  r.sp();
  const inner = body(r);
  r.sp();
  const lines = number(r);
  return { kind: 'message', type: 'MESSAGE', subtype, octets, lines, envelope: env, body: inner, extension: false };
}

/**
 * media-basic = (DQUOTE (...) DQUOTE / string) SP media-subtype; body-type-basic = media-basic SP
 * body-fields. The ABNF's `string` would also match "TEXT" and "MESSAGE" "RFC822", but 7.4.2 says
 * in prose that those carry their line count (and envelope and body): c-client and every strict
 * reader take them only in their own forms, and so do we.
 */
function bodyTypeBasic(r: Reader): StrictBody {
  const start = r.pos;
  const type = string(r);
  if (type.toUpperCase() === 'TEXT') {
    r.pos = start;
    r.fail('body-type-text for a TEXT part (with its line count)');
  }
  r.sp();
  const subtype = string(r);
  if (type.toUpperCase() === 'MESSAGE' && ['RFC822', 'GLOBAL'].includes(subtype.toUpperCase())) {
    r.pos = start;
    r.fail('body-type-msg for an encapsulated message');
  }
  r.sp();
  const octets = bodyFields(r);
  return { kind: 'basic', type, subtype, octets, extension: false };
}

/** body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part] */
function bodyType1Part(r: Reader, close: () => void): StrictBody {
  for (const alternative of [bodyTypeMsg, bodyTypeText, bodyTypeBasic]) {
    const parsed = r.attempt(() => {
      const part = alternative(r);
      const extension = r.optional(() => bodyExt1Part(r));
      close();
      return { ...part, extension };
    });
    if (parsed !== undefined) return parsed;
  }
  return r.fail('body-type-1part');
}

/** body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart] */
function bodyTypeMpart(r: Reader, close: () => void): StrictBody {
  const parts: StrictBody[] = [body(r)];
  while (r.peek() === 0x28) parts.push(body(r));
  r.sp();
  const subtype = string(r);
  const extension = r.optional(() => bodyExtMpart(r));
  close();
  return { kind: 'multipart', parts, subtype, extension };
}

/** body = "(" (body-type-1part / body-type-mpart) ")" */
function body(r: Reader): StrictBody {
  r.lit('(');
  const close = (): void => r.lit(')');
  return r.peek() === 0x28 ? bodyTypeMpart(r, close) : bodyType1Part(r, close);
}

/** address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")" */
function address(r: Reader): StrictAddress {
  r.lit('(');
  const name = nstring(r);
  r.sp();
  const adl = nstring(r);
  r.sp();
  const mailbox = nstring(r);
  r.sp();
  const host = nstring(r);
  r.lit(')');
  return { name, adl, mailbox, host };
}

/** env-from (and sender, reply-to, to, cc, bcc) = "(" 1*address ")" / nil */
function addressList(r: Reader): StrictAddress[] | null {
  if (r.tryLit('NIL')) return null;
  r.lit('(');
  const list = [address(r)];
  while (r.peek() === 0x28) list.push(address(r));
  r.lit(')');
  return list;
}

/** envelope = "(" env-date SP env-subject SP env-from SP ... SP env-message-id ")" */
function envelope(r: Reader): StrictEnvelope {
  r.lit('(');
  const date = nstring(r);
  r.sp();
  const subject = nstring(r);
  const lists: (StrictAddress[] | null)[] = [];
  for (let i = 0; i < 6; i++) {
    r.sp();
    lists.push(addressList(r));
  }
  r.sp();
  const inReplyTo = nstring(r);
  r.sp();
  const messageId = nstring(r);
  r.lit(')');
  const [from, sender, replyTo, to, cc, bcc] = lists as [StrictAddress[] | null, ...(StrictAddress[] | null)[]];
  return { date, subject, from, sender: sender ?? null, replyTo: replyTo ?? null, to: to ?? null, cc: cc ?? null, bcc: bcc ?? null, inReplyTo, messageId };
}

function whole<T>(bytes: Buffer, rule: (r: Reader) => T): T {
  const r = new Reader(bytes);
  const value = rule(r);
  if (r.pos !== bytes.length) r.fail('the end of the value');
  return value;
}

/** Parses exactly one `body`; throws StrictSyntaxError on any deviation. */
export function parseStrictBody(bytes: Buffer | string): StrictBody {
  return whole(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'), body);
}

/** Parses exactly one `envelope`. */
export function parseStrictEnvelope(bytes: Buffer | string): StrictEnvelope {
  return whole(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'), envelope);
}

/**
 * One untagged FETCH response line (CRLF included) whose items are among ENVELOPE, BODY,
 * BODYSTRUCTURE and UID: "*" SP nz-number SP "FETCH" SP "(" msg-att ")" CRLF, msg-att items
 * separated by one SP.
 */
export function parseStrictFetch(bytes: Buffer): StrictFetch {
  return whole(bytes, (r) => {
    r.lit('* ');
    const seq = number(r);
    r.lit(' FETCH (');
    const items = new Map<string, StrictBody | StrictEnvelope | number>();
    do {
      if (r.tryLit('ENVELOPE ')) items.set('ENVELOPE', envelope(r));
      else if (r.tryLit('BODYSTRUCTURE ')) items.set('BODYSTRUCTURE', body(r));
      else if (r.tryLit('BODY ')) items.set('BODY', body(r));
      else if (r.tryLit('UID ')) items.set('UID', number(r));
      else r.fail('ENVELOPE, BODY, BODYSTRUCTURE or UID');
    } while (r.tryLit(' '));
    r.lit(')\r\n');
    return { seq, items };
  });
}
