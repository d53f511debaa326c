/**
 * Resource bounds, measured through the library API (startServer, its store): what a server keeps
 * after abuse or after mail is deleted. Each test names the defect of issue 11 it guards against.
 */
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { MAX_MIME_PARTS } from '../../src/mime/limits.js';
import { MAX_JOURNAL_ENTRIES } from '../../src/store/journal.js';
import { heapAfterGc, stillAlive } from '../helpers/memory.js';
import { settle } from '../helpers/settle.js';
import { RawImap } from '../imap/helpers.js';

const T0 = Date.UTC(2024, 2, 4, 9, 30, 0);
const clock = { now: () => T0 };

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function imap(port: number): Promise<ImapFlow> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, logger: false, disableAutoIdle: true, auth: { user: 'alice', pass: 'secret' } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A multipart message of about `size` octets, so FETCH BODYSTRUCTURE builds a part tree. */
function bigMessage(i: number, size: number): Buffer {
  const filler = 'lorem ipsum dolor sit amet\r\n'.repeat(Math.ceil(size / 2 / 28));
  return Buffer.from(
    `From: Bob <bob@example.com>\r\nTo: alice@mailsim.test\r\nSubject: big ${i}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n` +
      `--b\r\nContent-Type: text/plain\r\n\r\n${filler}--b\r\nContent-Type: text/plain\r\n\r\n${filler}--b--\r\n`,
  );
}

describe('deleted mail is freed (issue 11, defect 4)', () => {
  it('expunging messages releases their bytes and parsed trees; the journal keeps only uid, modseq and flags', async () => {
    server = await startServer({ clock, users: [{ user: 'alice', password: 'secret' }] });
    const inbox = server.store.account('alice@mailsim.test')!.inbox;
    const count = 40;
    const baseline = heapAfterGc();
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < count; i++) refs.push(new WeakRef(inbox.append(bigMessage(i, 1_000_000), { label: 'test' }).raw));
    const client = await imap(server.ports.imap!);
    await client.mailboxOpen('INBOX');
    // Parse every message (BODYSTRUCTURE, ENVELOPE) and build the SEARCH text of each.
    for await (const _ of client.fetch('1:*', { bodyStructure: true, envelope: true })) void _;
    expect(await client.search({ body: 'lorem' })).toHaveLength(count);
    const loaded = heapAfterGc();
    await client.messageDelete('1:*');
    await client.logout();

    expect(inbox.messages).toHaveLength(0);
    expect(stillAlive(refs)).toBe(0);
    const freed = heapAfterGc();
    // At least the 40 MB of message bytes went back: what remains is far below what was loaded.
    // heapUsed counts the parsed trees and search texts (Buffers live outside the heap), a little
    // under 1 MB a message in a worker that ran other files first: the bound leaves 10% for that.
    expect(loaded - baseline).toBeGreaterThan(count * 900_000);
    expect(freed - baseline).toBeLessThan((loaded - baseline) / 10);

    const history = server.store.journal.history();
    expect(history.length).toBeLessThanOrEqual(MAX_JOURNAL_ENTRIES);
    for (const entry of history) {
      expect(Object.keys(entry.change).sort()).toEqual(entry.change.kind === 'renamed' ? ['from', 'kind', 'to'] : entry.change.kind === 'deleted' ? ['kind'] : ['flags', 'kind', 'modseq', 'uid']);
      expect(Object.keys(entry.origin)).toEqual(['label']);
    }
  });
});

/** A message of `parts` tiny text parts: the MIME bomb of issue 11. */
function mimeBomb(i: number, parts: number): Buffer {
  let text = `From: bomb@example.com\r\nSubject: bomb ${i}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n`;
  for (let p = 0; p < parts; p++) text += '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n';
  return Buffer.from(text + '--b--\r\n');
}

describe('MIME bombs (issue 11, defect 5)', () => {
  it(`a FETCH of 10,000-part messages stops at ${MAX_MIME_PARTS} parts each and lets other clients in between; deleting them frees them`, async () => {
    server = await startServer({ clock, users: [{ user: 'alice', password: 'secret' }] });
    const inbox = server.store.account('alice@mailsim.test')!.inbox;
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 20; i++) refs.push(new WeakRef(inbox.append(mimeBomb(i, 10_000), { label: 'smtp' }).raw));
    const port = server.ports.imap!;
    const fetcher = await RawImap.connect(port);
    await fetcher.command('l', 'LOGIN alice secret');
    await fetcher.command('s', 'SELECT INBOX');
    const other = await RawImap.connect(port);
    await other.command('l', 'LOGIN alice secret');

    const finished: string[] = [];
    fetcher.write('f FETCH 1:* (BODYSTRUCTURE)\r\n');
    other.write('n NOOP\r\n');
    await Promise.all([
      fetcher.readUntil(/^f OK/m).then(() => finished.push('FETCH')),
      other.readUntil(/^n OK/m).then(() => finished.push('NOOP')),
    ]);
    // The NOOP was answered while the FETCH was still going: no client waits for another's parse.
    expect(finished).toEqual(['NOOP', 'FETCH']);
    const structures = fetcher.text.split('\r\n').filter((line) => line.includes(' FETCH (BODYSTRUCTURE '));
    expect(structures).toHaveLength(20);
    for (const line of structures) {
      // The first MAX_MIME_PARTS - 1 parts are split out; the rest is the multipart's epilogue.
      expect(line.split('("TEXT" "PLAIN"').length - 1).toBe(MAX_MIME_PARTS - 1);
    }
    fetcher.take();
    await fetcher.command('d', 'STORE 1:* +FLAGS.SILENT (\\Deleted)');
    await fetcher.command('e', 'EXPUNGE');
    fetcher.destroy();
    other.destroy();
    await settle(() => server!.usage().imap!.connections);
    expect(stillAlive(refs)).toBe(0);
  });
});
