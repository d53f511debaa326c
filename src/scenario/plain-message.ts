import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import { Encoder as QuotedPrintableEncoder } from 'nodemailer/lib/qp/index.js';

/**
 * Distinct body texts whose encoded form is kept. Generated mail repeats a handful of bodies (the
 * seed picks from five), so a small table serves a `count: 100000` delivery; past the bound the
 * table starts over, which only costs nodemailer's encoding once more per body.
 */
export const MAX_CACHED_BODIES = 64;

/** What a generated message needs when it is a single text part with plain headers. */
export interface PlainDraft {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  /** Virtual time of writing. */
  readonly date: number;
  /** The text part as nodemailer is given it (ending in a line break). */
  readonly text: string;
}

// Values nodemailer writes exactly as given: an ASCII address, a display name of letters, digits
// and single spaces (no quoting needed), a subject of printable ASCII words. Anything else (quoting,
// encoded words, IDNA, folding) is left to nodemailer. test/scenario/plain-message.test.ts holds
// the output byte-identical to nodemailer's over these and the values around them.
const ADDRESS = /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;
const NAMED = /^([A-Za-z0-9]+(?: [A-Za-z0-9]+)*) <([^<>]+)>$/;
const SUBJECT = /^[A-Za-z0-9(),.:;!?'#&*+/_-]+(?: [A-Za-z0-9(),.:;!?'#&*+/_-]+)*$/;
const MESSAGE_ID = /^<[A-Za-z0-9.]+@[A-Za-z0-9.-]+>$/;
/** nodemailer folds header lines longer than this (mime-node buildHeaders: foldLines(…, 76)). */
const FOLD_AT = 76;

/**
 * Writes the bytes nodemailer would for a plain text message, without building its MIME tree:
 * for a `count: 3000` delivery, nodemailer's header handling (address parsing, encoded-word checks,
 * folding, key normalisation) was most of composing. The headers are joined here only when every
 * value is one nodemailer leaves as it is; the body-dependent tail (transfer encoding, MIME-Version,
 * Content-Type, encoded text) comes from nodemailer itself, once per distinct body. Returns
 * undefined when the draft needs nodemailer's full treatment.
 */
export class PlainMessageWriter {
  private readonly tails = new Map<string, string | null>();

  write(draft: PlainDraft): Buffer | undefined {
    if (!plainAddress(draft.from) || draft.to.length === 0 || !draft.to.every(plainAddress)) return undefined;
    if (!SUBJECT.test(draft.subject) || !MESSAGE_ID.test(draft.messageId)) return undefined;
    const lines = [`From: ${draft.from}`, `To: ${draft.to.join(', ')}`, `Subject: ${draft.subject}`, `Message-ID: ${draft.messageId}`, `Date: ${nodemailerDate(draft.date)}`];
    if (lines.some((line) => line.length > FOLD_AT)) return undefined;
    const tail = this.tail(draft.text);
    return tail === undefined ? undefined : Buffer.from(`${lines.join('\r\n')}\r\n${tail}`);
  }

  /** Everything nodemailer writes after the Date header for this text, or undefined if that is not a plain tail. */
  private tail(text: string): string | undefined {
    const known = this.tails.get(text);
    if (known !== undefined) return known ?? undefined;
    if (this.tails.size >= MAX_CACHED_BODIES) this.tails.clear();
    const found = bodyTail(text);
    this.tails.set(text, found ?? null);
    return found;
  }
}

function plainAddress(value: string): boolean {
  if (ADDRESS.test(value)) return true;
  const named = NAMED.exec(value);
  return named !== null && ADDRESS.test(named[2]!);
}

/** nodemailer's Date header (mime-node buildHeaders). */
function nodemailerDate(time: number): string {
  return new Date(time).toUTCString().replace(/GMT/, '+0000');
}

/** Composes a message with fixed plain headers around `text` and keeps what follows its Date line. */
function bodyTail(text: string): string | undefined {
  const date = Date.UTC(2024, 0, 1);
  const node = new MailComposer({ from: 'a@b.c', to: ['d@e.f'], subject: 's', text, date: new Date(date), messageId: '<1@b.c>', baseBoundary: 'mailsim', disableFileAccess: true, disableUrlAccess: true }).compile();
  const raw = buildTextOnly(node)?.toString('utf8');
  const head = `From: a@b.c\r\nTo: d@e.f\r\nSubject: s\r\nMessage-ID: <1@b.c>\r\nDate: ${nodemailerDate(date)}\r\n`;
  // Only the layout this writer reproduces: the fixed headers first, then the body-dependent ones.
  if (raw === undefined || !raw.startsWith(`${head}Content-Transfer-Encoding: `)) return undefined;
  return raw.slice(head.length);
}

/**
 * The bytes nodemailer's build() writes for a single text part, made without its streams. build()
 * pipes the content through an encoder, a pass-through and a last-newline transform, each with
 * abort signals; for a `count: 3000` delivery that machinery was three quarters of composing. The
 * header block, the choice of transfer encoding and the quoted-printable encoder are still
 * nodemailer's own (the encoder driven synchronously, as its stream would drive it); a property
 * test holds this byte-identical to build() (test/scenario/compose.test.ts). Anything else
 * (multipart, base64, stream content) returns undefined and takes build().
 */
export function buildTextOnly(node: MimeNode): Buffer | undefined {
  if (node.childNodes.length > 0 || typeof node.content !== 'string') return undefined;
  const encoding = node.getTransferEncoding();
  const body = encoding === '7bit' ? node.content : encoding === 'quoted-printable' ? quotedPrintable(node.content) : undefined;
  if (body === undefined) return undefined;
  const message = `${node.buildHeaders()}\r\n\r\n${body}`;
  // build()'s LastNewline: the message ends with a line break, CRLF unless it ended in CR.
  const last = message.charCodeAt(message.length - 1);
  return Buffer.from(last === 0x0a ? message : last === 0x0d ? `${message}\n` : `${message}\r\n`);
}

/** Text through nodemailer's quoted-printable Encoder (76-column lines), without a stream around it. */
function quotedPrintable(text: string): string | undefined {
  const encoder = new QuotedPrintableEncoder();
  const parts: string[] = [];
  let failed = false;
  encoder.push = (chunk: unknown): boolean => {
    if (chunk !== null && chunk !== undefined) parts.push(String(chunk));
    return true;
  };
  // A stream hands a Transform its Buffers with the encoding 'buffer'.
  encoder._transform(Buffer.from(text, 'utf8'), 'buffer' as BufferEncoding, (error) => void (failed ||= error != null));
  encoder._flush((error) => void (failed ||= error != null));
  return failed ? undefined : parts.join('');
}
