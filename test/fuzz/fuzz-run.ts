/**
 * One fuzz run, shared by the test (a few thousand commands) and `npm run fuzz` (a million): a
 * server with alice (the fuzzed account) and bob (never logged into), seeded mail in both, then
 * SMTP, IMAP and POP3 sessions from fast-check, then the checks that matter after any input: the
 * server answers a fresh login, and every message stored before reads back byte for byte over IMAP
 * BODY.PEEK[] and POP3 RETR. SMTP goes first: after each of its sessions the INBOXes hold exactly
 * what the server said it delivered, and those messages then count as stored ones, odd mail for
 * the IMAP and POP3 sessions to chew on.
 */
import fc from 'fast-check';
import { ImapFlow } from 'imapflow';
import { Pop3Client } from '../../src/pop3/client/index.js';
import type { LoginThrottleOptions } from '../../src/protocol/login-throttle.js';
import { MailServer, type ServerProtocol } from '../../src/server/mail-server.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore, type Account } from '../../src/store/index.js';
import { ImapHarness, imapSession, Pop3Harness, pop3Session, type FuzzFigures } from './protocol-fuzz.js';
import { SmtpHarness, smtpSession, type SmtpDelivery, type SmtpFigures } from './smtp-fuzz.js';

export interface FuzzResult {
  readonly seed: number;
  readonly imap: FuzzFigures;
  readonly pop3: FuzzFigures;
  readonly smtp: SmtpFigures;
}

/** A few CRLF messages, one of them multipart, so FETCH and RETR have something to chew on. */
function seedMail(account: Account): Map<number, Buffer> {
  const stored = new Map<number, Buffer>();
  const bodies = [
    'From: Carol <carol@example.com>\r\nSubject: one\r\n\r\nHello.\r\n.leading dot\r\n',
    'From: dave@example.com\r\nSubject: two\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nA\r\n--b\r\nContent-Type: application/pdf\r\n\r\nJVBER\r\n--b--\r\n',
    'From: =?utf-8?q?Jos=C3=A9?= <jose@example.com>\r\nSubject: =?utf-8?q?tr=C3=A8s?=\r\n\r\nCafé\r\n',
  ];
  for (const body of bodies) {
    const message = account.inbox.append(Buffer.from(body), { label: 'seed' });
    stored.set(message.uid, Buffer.from(message.raw));
  }
  return stored;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly imapRuns: number;
  readonly pop3Runs: number;
  readonly smtpRuns: number;
  /**
   * Failed-login delays (off by default, as on loopback): failure replies are then held on real
   * timers while the session's input waits, a path of its own in every protocol.
   */
  readonly loginThrottle?: LoginThrottleOptions;
  readonly onProgress?: (done: number) => void;
}

export async function fuzzRun(options: FuzzOptions): Promise<FuzzResult> {
  const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const bob = store.addAccount('bob@example.com', 'other-secret');
  // Seeded here, and added to by SMTP deliveries: every message that must stay byte-identical.
  const stored = { alice: seedMail(alice), bob: seedMail(bob) };
  const server = await MailServer.start({ store, clock, ...(options.loginThrottle ? { loginThrottle: options.loginThrottle } : {}) });
  try {
    const imap = new ImapHarness(server.ports.imap!);
    const pop3 = new Pop3Harness(server.ports.pop3!);
    const smtp = new SmtpHarness(server.ports.smtp!);
    let done = 0;
    await fc.assert(
      fc.asyncProperty(smtpSession, async (session) => {
        const deliveries = await smtp.session(session);
        await checkAllClosed(server, 'smtp');
        checkDelivered(alice, stored.alice, deliveries);
        checkDelivered(bob, stored.bob, deliveries);
        options.onProgress?.(++done);
      }),
      { seed: options.seed, numRuns: options.smtpRuns, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(imapSession, async (session) => {
        await imap.session(session);
        await checkAllClosed(server, 'imap');
        options.onProgress?.(++done);
      }),
      { seed: options.seed, numRuns: options.imapRuns, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(pop3Session, async (session) => {
        await pop3.session(session);
        await checkAllClosed(server, 'pop3');
        options.onProgress?.(++done);
      }),
      { seed: options.seed, numRuns: options.pop3Runs, endOnFailure: true },
    );
    await checkIntact(server, alice, stored.alice);
    await checkIntact(server, bob, stored.bob);
    return { seed: options.seed, imap: imap.figures, pop3: pop3.figures, smtp: smtp.figures };
  } finally {
    // The server's timers are unref'd: with a connection it failed to let go of (a failure being
    // reported) closing waits on them, and nothing else would keep `npm run fuzz` alive to report.
    const alive = setInterval(() => undefined, 1_000);
    await server.close().finally(() => clearInterval(alive));
  }
}

/**
 * After a session, whose sockets the harness has closed: the server lets go of every connection
 * at once (as soon as the FIN or RST arrives). One it holds on to keeps a slot of the connection
 * caps (50 per address) with no client behind it; enough of them lock every client out.
 */
async function checkAllClosed(server: MailServer, protocol: ServerProtocol): Promise<void> {
  const open = (): number => server.usage()[protocol]?.connections ?? 0;
  const deadline = performance.now() + 2_000;
  // A turn or two of the event loop is the norm (the FIN or RST is already there); then timers.
  for (let turn = 0; open() > 0 && performance.now() < deadline; turn++) {
    await new Promise((resolve) => (turn < 20 ? setImmediate(resolve) : setTimeout(resolve, 5)));
  }
  if (open() > 0) throw new Error(`${protocol}: ${open()} connection(s) still open on the server 2 s after the session closed its sockets`);
}

/** The trace header fields SMTP puts before a delivered message (smtp/service.ts), one per line. */
const TRACE = /^Return-Path: <[^\r\n]*>\r\nReceived: from [^\r\n]+\r\n\tby [^\r\n]+\r\n\tfor <[^\r\n]+>; [^\r\n]+\r\n$/;

/**
 * After an SMTP session: the account's INBOX gained exactly the messages the server said it
 * delivered to it, in order, each its trace header fields and then the octets sent (DATA's
 * unstuffed, BDAT's chunks joined). Nothing else changed: those stored before are compared at the
 * end. The new ones join `stored`, to stay intact through the IMAP and POP3 fuzzing too.
 */
function checkDelivered(account: Account, stored: Map<number, Buffer>, deliveries: readonly SmtpDelivery[]): void {
  const expected = deliveries.filter((delivery) => delivery.account === account.address);
  const fresh = account.inbox.messages.filter((message) => !stored.has(message.uid));
  if (fresh.length !== expected.length) throw new Error(`${account.address}: ${fresh.length} new messages, and the server said it delivered ${expected.length}`);
  fresh.forEach((message, i) => {
    const sent = expected[i]!.message;
    const cut = message.raw.length - sent.length;
    if (cut < 0 || !message.raw.subarray(cut).equals(sent) || !TRACE.test(message.raw.subarray(0, cut).toString('latin1'))) {
      const shown = (bytes: Buffer): string => JSON.stringify(bytes.toString('latin1').slice(0, 2_000)) + (bytes.length > 2_000 ? `…(${bytes.length} octets)` : '');
      throw new Error(`${account.address} uid ${message.uid}: stored ${shown(message.raw)}, sent ${shown(sent)}`);
    }
    stored.set(message.uid, Buffer.from(message.raw));
  });
}

/**
 * A message as POP3 RETR gives it (pop3/message-format.ts, RFC 1939 3): CRLF and bare LF both end a
 * line, every line ends with CRLF. The seeded messages are that already; SMTP's may hold bare LFs.
 */
function pop3Form(raw: Buffer): Buffer {
  if (raw.length === 0) return raw;
  const lines = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  return Buffer.from(lines.endsWith('\n') ? lines : `${lines}\r\n`, 'latin1');
}

/**
 * After the fuzzing: a fresh login works in both protocols, and each stored message (seeded, or
 * delivered by the SMTP fuzzing) still in the mailbox reads back exactly as stored (the fuzzed
 * account may have deleted some; bob's all stay).
 */
async function checkIntact(server: MailServer, account: Account, stored: ReadonlyMap<number, Buffer>): Promise<void> {
  const password = account.address.startsWith('alice') ? 'secret' : 'other-secret';
  const present = account.inbox.messages.filter((m) => stored.has(m.uid));
  if (account.address.startsWith('bob') && present.length !== stored.size) throw new Error(`bob lost mail: ${present.length} of ${stored.size}`);
  for (const message of present) {
    if (!message.raw.equals(stored.get(message.uid)!)) throw new Error(`${account.address} uid ${message.uid}: stored bytes changed`);
  }

  const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, disableAutoIdle: true, auth: { user: account.address, pass: password } });
  client.on('error', () => undefined);
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  for (const message of present) {
    const fetched = await client.fetchOne(String(message.uid), { source: true }, { uid: true });
    if (!fetched || !fetched.source?.equals(stored.get(message.uid)!)) throw new Error(`${account.address} uid ${message.uid}: IMAP BODY.PEEK[] differs`);
  }
  await client.logout();

  const pop = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3! });
  try {
    await pop.login(account.address, password);
    const uidls = await pop.uidl();
    for (const message of present) {
      const number = uidls.find((entry) => entry.uid === message.id)?.number;
      if (number === undefined) throw new Error(`${account.address} uid ${message.uid}: missing from POP3`);
      const body = await pop.retr(number);
      if (!body.equals(pop3Form(stored.get(message.uid)!))) throw new Error(`${account.address} uid ${message.uid}: POP3 RETR differs`);
    }
  } finally {
    await pop.quit().catch(() => pop.destroy());
  }
}
