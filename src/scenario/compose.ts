import type { Transporter } from 'nodemailer';
import { deliveryTransport } from '../server/delivery.js';
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

export interface OutgoingMessage {
  readonly from?: string | undefined;
  readonly to: string;
  readonly subject: string;
  readonly body?: string | undefined;
  /** Virtual time of sending. */
  readonly date: number;
}

export interface Sent {
  readonly messageId: string;
  readonly from: string;
}

/**
 * Sends mail into the server over real SMTP with nodemailer, as a sending client would. The Date
 * comes from the virtual clock and the Message-ID from the seed, so the bytes are the same every run.
 */
export class Sender {
  private readonly transport: Transporter;
  private sequence = 0;

  constructor(host: string, port: number, private readonly rng: SeededRandom) {
    this.transport = deliveryTransport(host, port);
  }

  async send(message: OutgoingMessage): Promise<Sent> {
    const from = message.from ?? this.rng.pick(SENDERS);
    const body = message.body ?? this.rng.pick(BODIES);
    const messageId = `<${++this.sequence}.${this.rng.token(10)}@mailsim.test>`;
    await this.transport.sendMail({
      from,
      to: message.to,
      subject: message.subject,
      text: body.endsWith('\n') ? body : `${body}\n`,
      date: new Date(message.date),
      messageId,
    });
    return { messageId, from };
  }

  close(): void {
    this.transport.close();
  }
}
