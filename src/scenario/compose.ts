import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { DELIVERY_EHLO_NAME } from '../server/users.js';
import type { SeededRandom } from '../sim/rng.js';
import { DeliveryLink } from '../smtp/client/delivery-link.js';
import { buildTextOnly, PlainMessageWriter } from './plain-message.js';

/** Senders and bodies the seed picks from when a deliver step leaves them out. */
const SENDERS = [
  'Bob Smith <bob@example.com>',
  'Carol Jones <carol@example.org>',
  'Dave Miller <dave@example.net>',
  'Erin Brown <erin@example.com>',
  'Frank Wilson <frank@example.org>',
];

const BODIES = [
  'Just checking in about this — let me know what you think.',
  'Here are the details we talked about. Talk soon.',
  'Quick note before the weekend. No reply needed.',
  'See below, and shout if anything looks off.',
  'Forwarding this so you have it on all your devices.',
];

/** Generated attachment content repeats a block of this many seeded octets: cheap at any size. */
const ATTACHMENT_BLOCK_OCTETS = 4096;

export interface AttachmentSpec {
  readonly filename: string;
  /** Octets to generate from the seed. */
  readonly size?: number | undefined;
  readonly content?: string | undefined;
  readonly contentType?: string | undefined;
}

export interface MessageDraft {
  readonly from?: string | undefined;
  readonly to: readonly string[];
  readonly cc?: readonly string[] | undefined;
  readonly subject: string;
  readonly body?: string | undefined;
  readonly html?: string | undefined;
  readonly attachments?: readonly AttachmentSpec[] | undefined;
  /** Virtual time of writing. */
  readonly date: number;
  /** For a reply: the Message-ID it answers and the chain before it. */
  readonly inReplyTo?: string | undefined;
  readonly references?: readonly string[] | undefined;
}

export interface ComposedMessage {
  readonly raw: Buffer;
  readonly messageId: string;
  readonly from: string;
  /** Every recipient (To and Cc), for the SMTP envelope. */
  readonly recipients: readonly string[];
}

/**
 * Writes messages as a mail client would, with nodemailer's composer, but deterministically: the
 * Date from the virtual clock, the Message-ID, default sender and body, MIME boundaries and
 * generated attachment bytes all from the seed. Same seed, same bytes.
 */
export class Composer {
  private sequence = 0;
  private readonly plain = new PlainMessageWriter();

  constructor(private readonly rng: SeededRandom) {}

  async compose(draft: MessageDraft): Promise<ComposedMessage> {
    const from = draft.from ?? this.rng.pick(SENDERS);
    const body = draft.body ?? this.rng.pick(BODIES);
    const messageId = `<${++this.sequence}.${this.rng.token(10)}@mailsim.test>`;
    const text = body.endsWith('\n') ? body : `${body}\n`;
    const recipients = [...draft.to, ...(draft.cc ?? [])];
    const simple = draft.html === undefined && !draft.attachments && !draft.inReplyTo && !(draft.cc && draft.cc.length > 0) && !(draft.references && draft.references.length > 0);
    const plain = simple ? this.plain.write({ from, to: draft.to, subject: draft.subject, messageId, date: draft.date, text }) : undefined;
    if (plain) return { raw: plain, messageId, from, recipients };
    const composer = new MailComposer({
      from,
      to: [...draft.to],
      ...(draft.cc && draft.cc.length > 0 ? { cc: [...draft.cc] } : {}),
      subject: draft.subject,
      text,
      ...(draft.html === undefined ? {} : { html: draft.html }),
      ...(draft.attachments ? { attachments: draft.attachments.map((a) => this.attachment(a)) } : {}),
      ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
      ...(draft.references && draft.references.length > 0 ? { references: [...draft.references] } : {}),
      date: new Date(draft.date),
      messageId,
      // Only multipart messages have boundaries; drawing one otherwise would shift every later
      // pick. A fixed one for the others spares nodemailer asking the system for random bytes.
      baseBoundary: draft.html !== undefined || draft.attachments ? this.rng.token(16) : 'mailsim',
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const root = composer.compile();
    const raw = buildTextOnly(root) ?? (await new Promise<Buffer>((resolve, reject) => root.build((error, message) => (error ? reject(error) : resolve(message)))));
    return { raw, messageId, from, recipients };
  }

  private attachment(spec: AttachmentSpec): { filename: string; content: Buffer | string; contentType?: string } {
    const content = spec.content ?? this.bytes(spec.size ?? 0);
    return { filename: spec.filename, content, ...(spec.contentType ? { contentType: spec.contentType } : {}) };
  }

  /** `size` octets from the seed: one seeded block, repeated. */
  private bytes(size: number): Buffer {
    const block = Buffer.alloc(Math.min(size, ATTACHMENT_BLOCK_OCTETS));
    for (let i = 0; i < block.length; i++) block[i] = this.rng.int(0, 255);
    const out = Buffer.alloc(size);
    for (let at = 0; at < size; at += block.length) block.copy(out, at, 0, Math.min(block.length, size - at));
    return out;
  }
}

export interface Sent {
  readonly messageId: string;
  readonly from: string;
}

/**
 * Sends mail into the server over real SMTP, as a sending server would: the mail a `deliver` step
 * brings. One connection (DeliveryLink) for a run's deliveries.
 */
export class Sender {
  private readonly link: DeliveryLink;
  readonly composer: Composer;

  constructor(host: string, port: number, rng: SeededRandom) {
    this.link = new DeliveryLink(host, port, DELIVERY_EHLO_NAME);
    this.composer = new Composer(rng);
  }

  /** Composes and delivers a message to `accounts` (the envelope; headers may name others too). */
  async send(draft: MessageDraft, accounts: readonly string[]): Promise<ComposedMessage> {
    const message = await this.composer.compose(draft);
    await this.deliverRaw(message.raw, message.from, accounts);
    return message;
  }

  /** Delivers a whole message as it is. */
  async deliverRaw(raw: Buffer, from: string, accounts: readonly string[]): Promise<void> {
    const { rejected } = await this.link.send(envelopeAddress(from), accounts, raw);
    if (rejected.length > 0) throw new Error(`the server refused ${rejected.join(', ')}`);
  }

  close(): void {
    this.link.close();
  }
}

/** "Bob <bob@example.com>" -> "bob@example.com", for an SMTP envelope. */
export function envelopeAddress(address: string): string {
  const match = /<([^>]*)>/.exec(address);
  return (match ? match[1]! : address).trim();
}
