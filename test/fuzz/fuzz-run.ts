/**
 * One fuzz run, shared by the test (a few thousand commands) and `npm run fuzz` (a million): a
 * server with alice (the fuzzed account) and bob (never logged into), seeded mail in both, then
 * IMAP and POP3 sessions from fast-check, then the checks that matter after any input: the server
 * answers a fresh login, and every message stored before reads back byte for byte over IMAP
 * BODY.PEEK[] and POP3 RETR.
 */
import fc from 'fast-check';
import { ImapFlow } from 'imapflow';
import { Pop3Client } from '../../src/pop3/client/index.js';
import { MailServer } from '../../src/server/mail-server.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore, type Account } from '../../src/store/index.js';
import { ImapHarness, imapSession, Pop3Harness, pop3Session, type FuzzFigures } from './protocol-fuzz.js';

export interface FuzzResult {
  readonly seed: number;
  readonly imap: FuzzFigures;
  readonly pop3: FuzzFigures;
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

export async function fuzzRun(options: { seed: number; imapRuns: number; pop3Runs: number; onProgress?: (done: number) => void }): Promise<FuzzResult> {
  const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const bob = store.addAccount('bob@example.com', 'other-secret');
  const seeded = { alice: seedMail(alice), bob: seedMail(bob) };
  const server = await MailServer.start({ store, clock });
  try {
    const imap = new ImapHarness(server.ports.imap!);
    const pop3 = new Pop3Harness(server.ports.pop3!);
    let done = 0;
    await fc.assert(
      fc.asyncProperty(imapSession, async (session) => {
        await imap.session(session);
        options.onProgress?.(++done);
      }),
      { seed: options.seed, numRuns: options.imapRuns, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(pop3Session, async (session) => {
        await pop3.session(session);
        options.onProgress?.(++done);
      }),
      { seed: options.seed, numRuns: options.pop3Runs, endOnFailure: true },
    );
    await checkIntact(server, alice, seeded.alice);
    await checkIntact(server, bob, seeded.bob);
    return { seed: options.seed, imap: imap.figures, pop3: pop3.figures };
  } finally {
    await server.close();
  }
}

/**
 * After the fuzzing: a fresh login works in both protocols, and each seeded message still in the
 * mailbox reads back exactly as stored (the fuzzed account may have deleted some; bob's all stay).
 */
async function checkIntact(server: MailServer, account: Account, seeded: ReadonlyMap<number, Buffer>): Promise<void> {
  const password = account.address.startsWith('alice') ? 'secret' : 'other-secret';
  const present = account.inbox.messages.filter((m) => seeded.has(m.uid));
  if (account.address.startsWith('bob') && present.length !== seeded.size) throw new Error(`bob lost mail: ${present.length} of ${seeded.size}`);
  for (const message of present) {
    if (!message.raw.equals(seeded.get(message.uid)!)) throw new Error(`${account.address} uid ${message.uid}: stored bytes changed`);
  }

  const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, disableAutoIdle: true, auth: { user: account.address, pass: password } });
  client.on('error', () => undefined);
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  for (const message of present) {
    const fetched = await client.fetchOne(String(message.uid), { source: true }, { uid: true });
    if (!fetched || !fetched.source?.equals(seeded.get(message.uid)!)) throw new Error(`${account.address} uid ${message.uid}: IMAP BODY.PEEK[] differs`);
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
      if (!body.equals(seeded.get(message.uid)!)) throw new Error(`${account.address} uid ${message.uid}: POP3 RETR differs`);
    }
  } finally {
    await pop.quit().catch(() => pop.destroy());
  }
}
