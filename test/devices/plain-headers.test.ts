import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listingHeadersByPostalMime, readListingHeaders } from '../../src/devices/headers.js';
import { forgetListings, MAX_REMEMBERED_HEADER_BLOCKS, plainListingHeaders, rememberedHeaderBlocks, rememberedListingHeaders } from '../../src/devices/plain-headers.js';

describe('plainListingHeaders (the list headers without postal-mime)', () => {
  const mostly = <T,>(plain: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plain, weight: 6 }, { arbitrary: odd, weight: 1 });
  const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  // Plain values and the ones around them: encoded words, 8-bit text, quoting, comments, groups,
  // empty and odd addresses, invalid dates, attachments and other content types.
  const subject = mostly(fc.constantFrom('Bulk (1)', 'Hello', 'Re: Lunch?', 'a  b', ' padded ', ''), fc.constantFrom('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=', utf8('Grüße'), 'x =?', 'tab\there'));
  const from = mostly(
    fc.constantFrom('Erin Brown <erin@example.com>', 'bob@example.com', 'Bob <b@x.org>', 'Z9 <Z.9+a@EXAMPLE.com>', ''),
    fc.constantFrom('"Smith, Bob" <s@x.org>', 'Bob <>', '<b@x.org>', 'Bob <b@x.org> (work)', 'Team: a@b.c;', 'Bob  Smith <b@x.org>', 'b@x.org, c@y.org', utf8('Zoë <z@q.r>'), 'Dr. Who <w@x.org>', 'a..b@x.org'),
  );
  const messageId = mostly(fc.constantFrom('<1.abc@mailsim.test>', '<x@y>', ''), fc.constantFrom('=?x?q?y?=', 'no-brackets@x', '<a b@c>'));
  const date = mostly(fc.constantFrom('Mon, 04 Mar 2024 09:00:00 +0000', 'Tue, 5 Mar 2024 10:11:12 -0500', 'Mon, 04 Mar 2024 09:00:00 GMT'), fc.constantFrom('garbage', '2024-03-04', '', 'Mon, 04 Mar 2024 25:00:00 +0000'));
  const contentType = mostly(fc.constantFrom('text/plain; charset=utf-8', 'text/plain', 'text/plain; charset="us-ascii"'), fc.constantFrom('text/html', 'application/pdf', 'TEXT/PLAIN; format=flowed', 'text/plain; charset=iso-8859-1', 'multipart/mixed; boundary=b'));
  const field = fc.oneof(
    subject.map((v) => ['Subject', v] as const),
    from.map((v) => ['From', v] as const),
    messageId.map((v) => ['Message-ID', v] as const),
    date.map((v) => ['Date', v] as const),
    contentType.map((v) => ['Content-Type', v] as const),
    fc.constantFrom(['Content-Disposition', 'attachment; filename=a.pdf'] as const, ['X-Mailer', 'mailsim'] as const, ['Received', 'from a by b; Mon, 04 Mar 2024 09:00:00 +0000'] as const),
  );
  const keyCase = mostly(fc.constant((k: string) => k), fc.constantFrom((k: string) => k.toLowerCase(), (k: string) => k.toUpperCase(), (k: string) => `${k} `));
  // A value folded at one of its spaces, with a space or a tab starting the continuation.
  const fold = mostly(fc.constant(undefined), fc.constantFrom(' ', '\t'));
  const line = fc.tuple(field, keyCase, fold).map(([[key, value], shape, folding]) => {
    const text = `${shape(key)}: ${value}`;
    const space = text.indexOf(' ', key.length + 3);
    return folding === undefined || space === -1 ? text : `${text.slice(0, space)}\r\n${folding}${text.slice(space + 1)}`;
  });
  const block = fc.tuple(fc.array(line, { minLength: 1, maxLength: 8 }), mostly(fc.constant('\r\n'), fc.constant('\n'))).map(([lines, eol]) => `${lines.map((l) => l.replace(/\r\n/g, eol)).join(eol)}${eol}${eol}`);

  it('reads what postal-mime reads for every header block it takes, and takes the plain ones', async () => {
    let taken = 0;
    let declined = 0;
    await fc.assert(
      fc.asyncProperty(block, async (header) => {
        const raw = Buffer.from(`${header}Body text.\r\n`, 'latin1');
        const plain = plainListingHeaders(header);
        if (plain === undefined) {
          declined++;
          return;
        }
        taken++;
        expect(plain).toEqual(await listingHeadersByPostalMime(raw));
      }),
      { numRuns: 2500, seed: 20261202 },
    );
    expect(taken).toBeGreaterThan(300);
    expect(declined).toBeGreaterThan(300);
  });

  it('is the path a generated message takes, and gives what postal-mime gives', async () => {
    const raw = Buffer.from(
      'Return-Path: <erin@example.com>\r\nReceived: from mailsim.test (127.0.0.1)\r\n\tby mailsim (mailsim) with ESMTP id 1.1\r\n\tfor <alice@example.com>; Mon, 04 Mar 2024 09:00:00 +0000\r\n' +
        'From: Erin Brown <erin@example.com>\r\nTo: alice@example.com\r\nSubject: Bulk (1)\r\nMessage-ID: <1.izyampfzgh@mailsim.test>\r\nDate: Mon, 04 Mar 2024 09:00:00 +0000\r\n' +
        'Content-Transfer-Encoding: quoted-printable\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJust checking in =E2=80=94 ok.\n',
    );
    const header = raw.subarray(0, raw.indexOf('\r\n\r\n') + 4).toString('latin1');
    expect(plainListingHeaders(header)).toEqual({ attachments: 0, messageId: '<1.izyampfzgh@mailsim.test>', subject: 'Bulk (1)', from: 'Erin Brown <erin@example.com>', date: Date.UTC(2024, 2, 4, 9) });
    expect(await readListingHeaders(raw)).toEqual(await listingHeadersByPostalMime(raw));
  });

  it('reads a header block once for all the devices that download it, within its bound', () => {
    forgetListings();
    const header = (n: number) => `From: bob@example.com\r\nSubject: Message ${n}\r\nMessage-ID: <${n}@x.test>\r\n\r\n`;
    const first = rememberedListingHeaders(header(1));
    // Another device's download: another string with the same text, the same reading.
    expect(rememberedListingHeaders(header(1).slice(0))).toBe(first);
    expect(first).toEqual(plainListingHeaders(header(1)));
    // A block postal-mime must read is remembered as such.
    expect(rememberedListingHeaders('Subject: =?UTF-8?Q?x?=\r\n\r\n')).toBeUndefined();
    expect(rememberedHeaderBlocks()).toBe(2);
    for (let n = 2; n <= MAX_REMEMBERED_HEADER_BLOCKS + 10; n++) rememberedListingHeaders(header(n));
    expect(rememberedHeaderBlocks()).toBe(MAX_REMEMBERED_HEADER_BLOCKS);
    // The oldest went first.
    expect(rememberedListingHeaders(header(1))).not.toBe(first);
    forgetListings();
    expect(rememberedHeaderBlocks()).toBe(0);
  });
});
