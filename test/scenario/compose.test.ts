import { describe, expect, it } from 'vitest';
import { Composer } from '../../src/scenario/compose.js';
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
