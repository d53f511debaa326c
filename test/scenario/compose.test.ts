import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Composer } from '../../src/scenario/compose.js';
import { buildTextOnly } from '../../src/scenario/plain-message.js';
import { SeededRandom } from '../../src/sim/rng.js';

const date = Date.UTC(2024, 2, 4, 9);

describe('Composer', () => {
  it('writes a reply with In-Reply-To and the References chain', async () => {
    const message = await new Composer(new SeededRandom(1)).compose({
      from: 'alice@example.com',
      to: ['bob@example.com'],
      subject: 'Re: Lunch?',
      body: 'Sure',
      date,
      inReplyTo: '<2@b>',
      references: ['<1@b>', '<2@b>'],
    });
    const headers = message.raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(headers).toMatch(/^In-Reply-To: <2@b>$/m);
    expect(headers).toMatch(/^References: <1@b> <2@b>$/m);
    expect(headers).toMatch(/^Date: Mon, 04 Mar 2024 09:00:00 \+0000$/m);
    expect(headers).toContain(`Message-ID: ${message.messageId}`);
  });

  it('is deterministic for a seed, multipart boundaries and generated attachments included', async () => {
    const draft = { to: ['a@example.com'], cc: ['c@example.com'], subject: 'Photos', html: '<p>hi</p>', attachments: [{ filename: 'x.bin', size: 10_000 }], date };
    const [a, b] = [await new Composer(new SeededRandom(7)).compose(draft), await new Composer(new SeededRandom(7)).compose(draft)];
    expect(a.raw.equals(b.raw)).toBe(true);
    expect(a.recipients).toEqual(['a@example.com', 'c@example.com']);
    const other = await new Composer(new SeededRandom(8)).compose(draft);
    expect(other.raw.equals(a.raw)).toBe(false);
    expect(a.raw.toString('latin1')).toMatch(/Content-Type: multipart\/mixed;/);
    expect(a.raw.toString('latin1')).toMatch(/filename=x\.bin/);
  });
});

describe('buildTextOnly (the composer without streams)', () => {
  // Pieces that reach every branch: 7bit, quoted-printable (long lines, non-ASCII, trailing
  // whitespace, '=' and soft breaks between multi-byte characters), base64 (mostly non-Latin,
  // which must fall back), bare CR and LF, encoded-word headers and quoted display names.
  const piece = fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r\n', '\r', '=', '.', 'é', '—', '😀', 'x'.repeat(40), '中', '-', '?', 'From ');
  const text = (max: number) => fc.array(piece, { maxLength: max }).map((parts) => parts.join(''));
  const sender = fc.constantFrom('Bob <b@x.org>', 'Zoë Ä <z@q.r>', 'b@x.org', '"Smith, Bob" <s@x.org>', 'Bob <b@bücher.example>');
  const options = (body: string, subject: string, from: string) => ({
    from,
    to: ['alice@example.com', 'Carol <c@example.org>'],
    subject,
    text: body,
    date: new Date(Date.UTC(2024, 2, 4, 9)),
    messageId: '<1.abc@mailsim.test>',
    baseBoundary: 'mailsim',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const viaStreams = (o: ReturnType<typeof options>): Promise<Buffer> =>
    new Promise((resolve, reject) => new MailComposer(o).compile().build((error, message) => (error ? reject(error) : resolve(message))));

  it('writes the same bytes as nodemailer build() for every text message it takes, and declines the rest', async () => {
    const taken = { '7bit': 0, 'quoted-printable': 0, declined: 0 };
    await fc.assert(
      fc.asyncProperty(text(60), text(20), sender, async (body, subject, from) => {
        const node = new MailComposer(options(body, subject, from)).compile();
        const fast = buildTextOnly(node);
        const encoding = node.getTransferEncoding();
        if (fast === undefined) {
          // Declining is always safe (build() runs instead); it happens for base64 bodies and
          // for an empty one, which has no transfer encoding.
          expect(['base64', false]).toContain(encoding);
          taken.declined++;
          return;
        }
        taken[encoding as '7bit' | 'quoted-printable']++;
        expect(fast.toString('latin1')).toBe((await viaStreams(options(body, subject, from))).toString('latin1'));
      }),
      { numRuns: 3000, seed: 20241201 },
    );
    // Every path was exercised, so the comparison means something.
    expect(taken['7bit']).toBeGreaterThan(100);
    expect(taken['quoted-printable']).toBeGreaterThan(100);
    expect(taken.declined).toBeGreaterThan(100);
  });

  it('declines multipart messages', () => {
    const node = new MailComposer({ ...options('hi\n', 's', 'b@x.org'), html: '<p>hi</p>' }).compile();
    expect(buildTextOnly(node)).toBeUndefined();
  });
});
