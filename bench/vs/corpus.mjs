/**
 * What both servers hold for `npm run bench -- --vs dovecot`: the same accounts and the same
 * octets, so every row compares like with like. Plain JavaScript (types in corpus.d.mts): the
 * mailsim server process imports it without tsx (see mailsim-server.mjs).
 */

/** One account with a 2,000-message INBOX for the IMAP rows. */
export const IMAP_USER = 'alice';
/** The IMAP rows' mailbox size (the issue's table: FETCH 1:2000). */
export const IMAP_MESSAGES = 2_000;
/** POP3: one maildrop per client (the table's "20 clients, one maildrop each"). */
export const POP3_CLIENTS = 20;
export const POP3_MESSAGES = 2_000;
/** An account with an empty INBOX for the IDLE row, so APPENDs there change no other row. */
export const IDLE_USER = 'idler';
export const PASSWORD = 'secret';

export function pop3User(i) {
  return `pop${i + 1}`;
}

/** Every account and how many messages its INBOX starts with. */
export function accounts() {
  return [
    { user: IMAP_USER, messages: IMAP_MESSAGES },
    ...Array.from({ length: POP3_CLIENTS }, (_, i) => ({ user: pop3User(i), messages: POP3_MESSAGES })),
    { user: IDLE_USER, messages: 0 },
  ];
}

/** Message i of a mailbox: about 2 kB of plain text with CRLF line ends, as a real sender writes it. */
export function message(i) {
  const body = Array.from({ length: 26 }, (_, line) => `line ${line} of message ${i}: lorem ipsum dolor sit amet, consectetur adipiscing`).join('\r\n');
  return Buffer.from(
    `From: Bob <bob@example.com>\r\nTo: Alice <alice@example.com>\r\nSubject: Message ${i}\r\n` +
      `Date: Mon, 04 Mar 2024 09:00:00 +0000\r\nMessage-ID: <${i}@bench.mailsim>\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}
