import MailComposer from 'nodemailer/lib/mail-composer';
import type { SeededRandom } from '../sim/rng.js';

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

export interface ComposeInput {
  readonly from?: string | undefined;
  readonly to: string;
  readonly subject: string;
  readonly body?: string | undefined;
  /** Virtual time of sending. */
  readonly date: number;
}

export interface Composed {
  readonly raw: Buffer;
  readonly messageId: string;
  readonly from: string;
}

/**
 * Builds an RFC 5322 message the way a sending client would (nodemailer's composer), with the
 * Date from the virtual clock and a Message-ID from the seed, so the bytes are the same every run.
 */
export async function composeMessage(input: ComposeInput, sequence: number, rng: SeededRandom): Promise<Composed> {
  const from = input.from ?? rng.pick(SENDERS);
  const body = input.body ?? rng.pick(BODIES);
  const messageId = `<${sequence}.${rng.token(10)}@mailsim.test>`;
  const composer = new MailComposer({
    from,
    to: input.to,
    subject: input.subject,
    text: body.endsWith('\n') ? body : `${body}\n`,
    date: new Date(input.date),
    messageId,
  });
  const raw = await composer.compile().build();
  return { raw, messageId, from };
}
