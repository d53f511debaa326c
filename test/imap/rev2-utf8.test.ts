import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
beforeEach(async () => {
  world = await imapWorld();
  world.deliver('one');
  world.deliver('two', { flags: ['\\Deleted'] });
});
afterEach(async () => world.close());

async function loggedIn(enable?: string): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('l', 'LOGIN alice secret');
  if (enable) expect(await raw.command('e', `ENABLE ${enable}`)).toBe(`* ENABLED ${enable}\r\ne OK ENABLE completed\r\n`);
  return raw;
}

describe('IMAP4rev2 (RFC 9051), after ENABLE IMAP4rev2', () => {
  it('SELECT sends LIST instead of RECENT and [UNSEEN]; FETCH has no \\Recent', async () => {
    const raw = await loggedIn('IMAP4rev2');
    const box = world.alice.inbox;
    expect(await raw.command('s', 'SELECT INBOX')).toBe(
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n' +
        '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags and keywords can be stored\r\n' +
        '* 2 EXISTS\r\n' +
        '* LIST (\\HasNoChildren) "/" "INBOX"\r\n' +
        `* OK [UIDVALIDITY ${box.uidValidity}] UIDs valid\r\n* OK [UIDNEXT 3] Predicted next UID\r\n` +
        `* OK [MAILBOXID (F${box.uidValidity})] Mailbox id\r\n* OK [HIGHESTMODSEQ ${box.highestModSeq}] Highest\r\n` +
        's OK [READ-WRITE] SELECT completed\r\n',
    );
    expect(await raw.command('f', 'FETCH 1:2 FLAGS')).toBe('* 1 FETCH (FLAGS ())\r\n* 2 FETCH (FLAGS (\\Deleted))\r\nf OK FETCH completed\r\n');
    world.deliver('three');
    expect(await raw.command('n', 'NOOP')).toBe('* 3 EXISTS\r\nn OK NOOP completed\r\n');
  });

  it('SEARCH always answers ESEARCH; RECENT, NEW, OLD and STATUS RECENT are gone; STATUS DELETED is there', async () => {
    const raw = await loggedIn('IMAP4rev2');
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('a', 'SEARCH ALL')).toBe('* ESEARCH (TAG "a") ALL 1:2\r\na OK SEARCH completed\r\n');
    expect(await raw.command('b', 'UID SEARCH SUBJECT nothing')).toBe('* ESEARCH (TAG "b") UID\r\nb OK UID SEARCH completed\r\n');
    expect(await raw.command('c', 'SEARCH NEW')).toBe('c BAD RECENT, NEW and OLD are not part of IMAP4rev2; search for UNSEEN or by UID\r\n');
    expect(await raw.command('d', 'STATUS INBOX (RECENT)')).toBe('d BAD STATUS RECENT is not part of IMAP4rev2\r\n');
    expect(await raw.command('g', 'STATUS INBOX (MESSAGES DELETED)')).toBe('* STATUS "INBOX" (MESSAGES 2 DELETED 1)\r\ng OK STATUS completed\r\n');
  });

  it('leaves an IMAP4rev1 session of the same account as it was', async () => {
    await loggedIn('IMAP4rev2');
    const rev1 = await loggedIn();
    expect(await rev1.command('s', 'SELECT INBOX')).toContain('* 2 RECENT\r\n');
    expect(await rev1.command('a', 'SEARCH ALL')).toBe('* SEARCH 1 2\r\na OK SEARCH completed\r\n');
  });

  it('imapflow enables it, searches and lists in it', async () => {
    const client = await world.client();
    expect([...client.enabled].map((name) => name.toUpperCase())).toEqual(expect.arrayContaining(['IMAP4REV2', 'UTF8=ACCEPT', 'CONDSTORE']));
    await client.mailboxOpen('INBOX');
    expect(await client.search({ deleted: false }, { uid: true })).toEqual([1]);
    expect((await client.list()).map((f) => f.path)).toContain('Archive');
    expect(world.wire.some((e) => e.direction === 'C' && /^\S+ LSUB /.test(e.text))).toBe(false);
  });
});

describe('UTF8=ACCEPT (RFC 6855)', () => {
  it('takes and sends mailbox names in UTF-8, "&" as an ordinary character', async () => {
    const raw = await loggedIn('UTF8=ACCEPT');
    expect(await raw.command('c', 'CREATE "Entwürfe"')).toMatch(/^c OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(await raw.command('d', 'CREATE "R&D"')).toMatch(/^d OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('Entwürfe')).toBeDefined();
    expect(world.alice.mailbox('R&D')).toBeDefined();
    const listed = await raw.command('l', 'LIST "" "*"');
    expect(Buffer.from(listed, 'latin1').toString('utf8')).toContain('* LIST (\\HasNoChildren) "/" "Entwürfe"\r\n');
    expect(listed).toContain('* LIST (\\HasNoChildren) "/" "R&D"\r\n');
    // A modified UTF-7 session sees the same mailboxes encoded.
    const old = await loggedIn();
    expect(await old.command('m', 'LIST "" "Entw*"')).toBe('* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"\r\nm OK LIST completed\r\n');
  });

  it('APPEND UTF8 (~{n}) after ENABLE, BAD before', async () => {
    const before = await loggedIn();
    expect(await before.command('a', 'APPEND INBOX UTF8 (~{3+}\r\nhi!)')).toBe('a BAD APPEND UTF8 (...) needs ENABLE UTF8=ACCEPT first\r\n');
    const raw = await loggedIn('UTF8=ACCEPT');
    const message = Buffer.from('Subject: Grüße\r\n\r\nhi\r\n', 'utf8');
    raw.write(Buffer.concat([Buffer.from(`b APPEND INBOX UTF8 (~{${message.length}+}\r\n`), message, Buffer.from(')\r\n')]));
    expect(await raw.readUntil(/^b OK/m)).toMatch(/^b OK \[APPENDUID \d+ 3\] APPEND completed\r\n$/);
    expect(world.alice.inbox.messages[2]!.raw.equals(message)).toBe(true);
  });
});
