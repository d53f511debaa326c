/**
 * Fixture messages for the MIME tests, written as lines so the line endings are explicit.
 * Expected sizes in the tests are counted by hand from these lines (noted next to each body).
 */

export const crlf = (...lines: string[]): string => lines.join('\r\n');
export const lf = (...lines: string[]): string => lines.join('\n');
export const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A single text/plain message. Body: 28 + 18 = 46 octets, 2 lines. */
export const SIMPLE_TEXT = crlf(
  'From: Alice Example <alice@example.com>',
  'To: Bob <bob@example.org>, carol@example.net',
  'Subject: Lunch?',
  'Date: Mon, 4 Mar 2024 09:00:00 +0000',
  'Message-ID: <lunch-1@example.com>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Are we still on for lunch?',
  'See you at noon.',
  '',
);

/**
 * multipart/alternative with a preamble, groups, an encoded and folded subject. Part bodies end
 * right before the CRLF of the delimiter: 1 = "Caf=C3=A9 at 10." (16 octets, 0 LF),
 * 2 = "<p>Caf=C3=A9 at 10.</p>" + CRLF (23 + 2 = 25 octets, 1 LF).
 */
export const ALTERNATIVE = crlf(
  'From: =?utf-8?Q?Jos=C3=A9?= <jose@example.com>',
  'To: Team: ann@example.com, ben@example.com;',
  'Cc: undisclosed-recipients:;',
  'Subject: =?utf-8?B?w4lxdWlwZQ==?=',
  ' weekly notes',
  'Date: Tue, 5 Mar 2024 10:30:00 +0100',
  'Message-ID: <notes-2@example.com>',
  'In-Reply-To: <notes-1@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="alt-1"',
  '',
  'This is a multi-part message in MIME format.',
  '--alt-1',
  'Content-Type: text/plain; charset="utf-8"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9 at 10.',
  '--alt-1',
  'Content-Type: text/html; charset="utf-8"',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<p>Caf=C3=A9 at 10.</p>',
  '',
  '--alt-1--',
  '',
);

/**
 * multipart/mixed holding a multipart/alternative and a base64 attachment.
 * 1.1 = "See the attached report." + CRLF (26 octets, 1 LF); 1.2 = "<p>See the attached report.</p>"
 * + CRLF (33 octets, 1 LF); 2 = "JVBERi0xLjQKJcfsj6IK" (20 octets).
 */
export const MIXED_NESTED = crlf(
  'From: Carol <carol@example.net>',
  'To: Dave <dave@example.com>',
  'Subject: Report',
  'Date: Wed, 6 Mar 2024 08:15:00 -0500',
  'Message-ID: <report-3@example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="mix-outer"',
  '',
  '--mix-outer',
  'Content-Type: multipart/alternative; boundary="mix-inner"',
  '',
  '--mix-inner',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'See the attached report.',
  '',
  '--mix-inner',
  'Content-Type: text/html; charset=us-ascii',
  '',
  '<p>See the attached report.</p>',
  '',
  '--mix-inner--',
  '',
  '--mix-outer',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-ID: <part3@example.net>',
  'Content-Description: Quarterly report',
  '',
  'JVBERi0xLjQKJcfsj6IK',
  '--mix-outer--',
  '',
);

/** The message forwarded as part 2 of FORWARDED, as it appears there (ends before the delimiter's CRLF). */
export const FORWARDED_INNER = crlf(
  'From: Alice Example <alice@example.com>',
  'To: Bob <bob@example.org>',
  'Subject: Lunch?',
  'Date: Mon, 4 Mar 2024 09:00:00 +0000',
  'Message-ID: <lunch-1@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="inner-alt"',
  '',
  '--inner-alt',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'Lunch at noon?',
  '',
  '--inner-alt',
  'Content-Type: text/html; charset=us-ascii',
  '',
  '<p>Lunch at noon?</p>',
  '',
  '--inner-alt--',
  '',
);

/**
 * multipart/mixed with a text part and two message/rfc822 parts: one holding a multipart
 * (FORWARDED_INNER), one a plain message without Content-Type whose body "Yes." + CRLF is 3.1.
 * 1 = "Forwarding this." + CRLF (18 octets, 1 LF); 2.1.1 = "Lunch at noon?" + CRLF (16, 1 LF);
 * 2.1.2 = "<p>Lunch at noon?</p>" + CRLF (23, 1 LF).
 */
export const FORWARDED = crlf(
  'From: Eve <eve@example.org>',
  'To: Frank <frank@example.com>',
  'Subject: Fwd: Lunch?',
  'Date: Thu, 7 Mar 2024 12:00:00 +0000',
  'Message-ID: <fwd-4@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="fwd"',
  '',
  '--fwd',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'Forwarding this.',
  '',
  '--fwd',
  'Content-Type: message/rfc822',
  'Content-Disposition: inline',
  '',
  FORWARDED_INNER,
  '--fwd',
  'Content-Type: message/rfc822',
  'Content-Disposition: inline',
  '',
  'From: Bob <bob@example.org>',
  'Subject: Re: Lunch?',
  '',
  'Yes.',
  '',
  '--fwd--',
  '',
);

/** The third part's encapsulated message in FORWARDED: 29 + 21 + 2 + 6 = 58 octets, 4 LF. */
export const FORWARDED_REPLY = crlf('From: Bob <bob@example.org>', 'Subject: Re: Lunch?', '', 'Yes.', '');

/** LF-only line endings. 1 = "one\ntwo\n" (8 octets, 2 LF); 2 = "AAEC" (4 octets). */
export const LF_ONLY = lf(
  'From: lf@example.com',
  'Subject: LF only',
  'Content-Type: multipart/mixed; boundary=lf',
  '',
  '--lf',
  'Content-Type: text/plain',
  '',
  'one',
  'two',
  '',
  '--lf',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  'AAEC',
  '--lf--',
  '',
);

/** RFC 2231 continuations and charsets. 1 = "caf=E9" (6 octets, 0 LF). */
export const RFC2231 = crlf(
  'From: g@example.com',
  'Subject: params',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="p2231"',
  '',
  '--p2231',
  'Content-Type: text/plain; charset=iso-8859-1;',
  " Name*=iso-8859-1''caf%E9.txt",
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Disposition: attachment;',
  " filename*0*=utf-8''%E2%82%AC%20rates;",
  ' filename*1=".txt"',
  'Content-Language: fr',
  '',
  'caf=E9',
  '--p2231--',
  '',
);

/** The close delimiter never comes. 1 = "first" (5 octets); 2 = "second, never closed" + CRLF (22, 1 LF). */
export const MISSING_CLOSE = crlf(
  'From: h@example.com',
  'Subject: truncated',
  'Content-Type: multipart/mixed; boundary=cut',
  '',
  '--cut',
  'Content-Type: text/plain',
  '',
  'first',
  '--cut',
  'Content-Type: text/plain',
  '',
  'second, never closed',
  '',
);

/**
 * multipart/digest: a part without Content-Type is message/rfc822 (RFC 2046 5.1.5).
 * 1 = "From: a@example.com\r\nSubject: one\r\n\r\nFirst." (21 + 14 + 2 + 6 = 43 octets, 3 LF).
 */
export const DIGEST = crlf(
  'From: digest@example.com',
  'Subject: Digest',
  'Content-Type: multipart/digest; boundary=dg',
  '',
  '--dg',
  '',
  'From: a@example.com',
  'Subject: one',
  '',
  'First.',
  '--dg',
  'Content-Type: text/plain',
  '',
  'Not a message.',
  '--dg--',
  '',
);
