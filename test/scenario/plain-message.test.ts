import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { MAX_CACHED_BODIES, PlainMessageWriter, type PlainDraft } from '../../src/scenario/plain-message.js';

/** The message as nodemailer's full composer writes it, streams and all. */
function viaNodemailer(draft: PlainDraft): Promise<string> {
  const composer = new MailComposer({
    from: draft.from,
    to: [...draft.to],
    subject: draft.subject,
    text: draft.text,
    date: new Date(draft.date),
    messageId: draft.messageId,
    baseBoundary: 'mailsim',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message.toString('latin1')))));
}

describe('PlainMessageWriter', () => {
  // Values inside the plain domain and just outside it: quoting (comma, dot, quotes in names),
  // encoded words (non-ASCII, "=?"), IDNA domains, folding (long lines), odd spacing.
  const mostly = <T,>(plain: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plain, weight: 12 }, { arbitrary: odd, weight: 1 });
  const word = mostly(fc.constantFrom('Bob', 'Smith', 'a', 'Z9', 'Re:', '(2)', '#1', '&', '-', '_'), fc.constantFrom('x'.repeat(30), 'Dr.', "O'Neil", 'Zoë', '"Q"', 'a,b', '=?', '?=', '(c)', '中', '<b>', ';', '\\'));
  const words = (max: number) => fc.array(word, { minLength: 1, maxLength: max });
  const spacing = mostly(fc.constant(' '), fc.constantFrom('  ', '\t'));
  const phrase = (max: number) => fc.tuple(words(max), spacing).map(([parts, gap]) => parts.join(gap));
  const local = mostly(fc.constantFrom('bob', 'carol.jones', 'b+tag', 'A_B-c'), fc.constantFrom('x'.repeat(40), 'é', 'a b', '.a', 'a..b'));
  const domain = mostly(fc.constantFrom('example.com', 'x.org', 'mail.example.net', 'a-b.c', 'localhost'), fc.constantFrom('bücher.example', 'EXAMPLE.COM', '[127.0.0.1]', 'x.'));
  const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
  const mailbox = fc.oneof(address, fc.tuple(phrase(3), address).map(([name, addr]) => `${name} <${addr}>`));
  const body = mostly(fc.constantFrom('Hello.\n', 'Just checking in about this — let me know what you think.\n', 'a=b\n', 'Grüße\n'), fc.constantFrom(`${'long line '.repeat(12)}\n`, '中文中文中文\n', '\n', 'trailing space \n', 'bare\rcr\n'));
  const draft: fc.Arbitrary<PlainDraft> = fc.record({
    from: mailbox,
    to: fc.array(mailbox, { minLength: 1, maxLength: 2 }),
    subject: phrase(5),
    messageId: mostly(fc.constantFrom('<1.abc@mailsim.test>', '<42.zz9@mailsim.test>', '<no-dots@x>'), fc.constantFrom('bare@x.y', '<a b@c>', '<x@y>>')),
    date: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
    text: body,
  });

  it('writes the same bytes as nodemailer for every draft it takes, and takes the plain ones', async () => {
    const writer = new PlainMessageWriter();
    let taken = 0;
    let declined = 0;
    await fc.assert(
      fc.asyncProperty(draft, async (d) => {
        const fast = writer.write(d);
        if (fast === undefined) {
          declined++;
          return;
        }
        taken++;
        expect(fast.toString('latin1')).toBe(await viaNodemailer(d));
      }),
      { numRuns: 3000, seed: 20261202 },
    );
    // Both paths ran often enough for the comparison to mean something.
    expect(taken).toBeGreaterThan(300);
    expect(declined).toBeGreaterThan(300);
  });

  it('takes the messages a deliver step generates', () => {
    const writer = new PlainMessageWriter();
    const fast = writer.write({ from: 'Erin Brown <erin@example.com>', to: ['alice@example.com'], subject: 'Bulk (1)', messageId: '<1.izyampfzgh@mailsim.test>', date: Date.UTC(2024, 2, 4, 9), text: 'Just checking in about this — let me know what you think.\n' });
    expect(fast?.toString('utf8')).toBe(
      'From: Erin Brown <erin@example.com>\r\nTo: alice@example.com\r\nSubject: Bulk (1)\r\nMessage-ID: <1.izyampfzgh@mailsim.test>\r\n' +
        'Date: Mon, 04 Mar 2024 09:00:00 +0000\r\nContent-Transfer-Encoding: quoted-printable\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n\r\nJust checking in about this =E2=80=94 let me know what you think.\n',
    );
  });

  it('keeps at most MAX_CACHED_BODIES encoded bodies and stays right past the bound', async () => {
    const writer = new PlainMessageWriter();
    for (let i = 0; i < MAX_CACHED_BODIES * 3; i++) {
      const d: PlainDraft = { from: 'a@b.c', to: ['d@e.f'], subject: `n ${i}`, messageId: `<${i}.a@b.c>`, date: Date.UTC(2024, 0, 1), text: `body ${i}, with plenty of plain text around ${'é'.repeat(i % 3)}\n` };
      const fast = writer.write(d);
      expect(fast).toBeDefined();
      if (i % 50 === 0) expect(fast!.toString('latin1')).toBe(await viaNodemailer(d));
      expect((writer as unknown as { tails: Map<string, unknown> }).tails.size).toBeLessThanOrEqual(MAX_CACHED_BODIES);
    }
  });
});
