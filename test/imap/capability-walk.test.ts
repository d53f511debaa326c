import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/imap/features.js';
import { STANDARD_PROFILE } from '../../src/providers/standard.js';
import { CompressedClient, imapWorld, type ImapWorld, type RawImap } from './helpers.js';

/**
 * Nothing is advertised that does not work: every capability the standard profile lists after
 * login has a probe here that uses it over the wire and checks the server's exact answer. A
 * capability without a probe fails the walk, so a new piece cannot be advertised untested.
 */
let world: ImapWorld;
beforeEach(async () => {
  world = await imapWorld();
  world.deliver('first');
  world.deliver('second');
});
afterEach(async () => world.close());

const PLAIN = Buffer.from('\0alice@example.com\0secret').toString('base64');

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('L', 'LOGIN alice@example.com secret');
  return raw;
}

async function selected(): Promise<RawImap> {
  const raw = await loggedIn();
  await raw.command('S', 'SELECT INBOX');
  return raw;
}

type Probe = () => Promise<void>;

const PROBES: Record<string, Probe> = {
  async IMAP4rev1() {
    const raw = await selected();
    expect(await raw.command('f', 'FETCH 1 (FLAGS)')).toBe('* 1 FETCH (FLAGS (\\Recent))\r\nf OK FETCH completed\r\n');
  },
  async IMAP4rev2() {
    const raw = await loggedIn();
    expect(await raw.command('e', 'ENABLE IMAP4rev2')).toBe('* ENABLED IMAP4rev2\r\ne OK ENABLE completed\r\n');
    expect(await raw.command('s', 'SELECT INBOX')).not.toContain('RECENT');
    expect(await raw.command('a', 'SEARCH ALL')).toBe('* ESEARCH (TAG "a") ALL 1:2\r\na OK SEARCH completed\r\n');
  },
  async 'UTF8=ACCEPT'() {
    const raw = await loggedIn();
    expect(await raw.command('e', 'ENABLE UTF8=ACCEPT')).toBe('* ENABLED UTF8=ACCEPT\r\ne OK ENABLE completed\r\n');
    expect(await raw.command('c', 'CREATE "R&D"')).toMatch(/^c OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('R&D')).toBeDefined();
  },
  async OBJECTID() {
    const raw = await loggedIn();
    expect(await raw.command('s', 'SELECT INBOX')).toContain(`* OK [MAILBOXID (F${world.alice.inbox.uidValidity})] Mailbox id\r\n`);
    expect(await raw.command('f', 'FETCH 1 (EMAILID)')).toMatch(/^\* 1 FETCH \(EMAILID \(M[0-9a-f]{24}\)\)\r\nf OK FETCH completed\r\n$/);
  },
  async 'SASL-IR'() {
    const raw = await world.raw();
    expect(await raw.command('a', `AUTHENTICATE PLAIN ${PLAIN}`)).toMatch(/^a OK \[CAPABILITY [^\]]+\] Logged in as alice@example.com\r\n$/);
  },
  async 'AUTH=PLAIN'() {
    const raw = await world.raw();
    raw.write('a AUTHENTICATE PLAIN\r\n');
    await raw.readUntil(/^\+ \r\n/m);
    raw.take();
    raw.write(`${PLAIN}\r\n`);
    expect(await raw.readUntil(/^a OK/m)).toMatch(/^a OK \[CAPABILITY [^\]]+\] Logged in as alice@example.com\r\n$/);
  },
  async ID() {
    const raw = await world.raw();
    expect(await raw.command('i', 'ID NIL')).toMatch(/^\* ID \("name" "mailsim" "version" "[^"]+" "vendor" "mailsim"\)\r\ni OK ID completed\r\n$/);
  },
  async ENABLE() {
    const raw = await loggedIn();
    expect(await raw.command('e', 'ENABLE CONDSTORE X-UNKNOWN')).toBe('* ENABLED CONDSTORE\r\ne OK ENABLE completed\r\n');
  },
  async IDLE() {
    const raw = await selected();
    raw.write('i IDLE\r\n');
    await raw.readUntil(/^\+ idling\r\n/m);
    raw.take();
    world.deliver('third');
    expect(await raw.readUntil(/RECENT\r\n/)).toBe('* 3 EXISTS\r\n* 3 RECENT\r\n');
    raw.take();
    raw.write('DONE\r\n');
    expect(await raw.readUntil(/^i OK/m)).toBe('i OK IDLE terminated\r\n');
  },
  async MULTIAPPEND() {
    const raw = await loggedIn();
    const reply = await raw.command('a', 'APPEND Sent {3+}\r\nx\r\n {3+}\r\ny\r\n');
    expect(reply).toBe(`a OK [APPENDUID ${world.alice.mailbox('Sent')!.uidValidity} 1:2] APPEND completed\r\n`);
  },
  async CATENATE() {
    const raw = await selected();
    expect(await raw.command('c', 'APPEND Drafts CATENATE (URL ";UID=2/;SECTION=TEXT" TEXT {2+}\r\n!!)')).toMatch(/^c OK \[APPENDUID \d+ 1\] APPEND completed\r\n$/);
    expect(world.alice.mailbox('Drafts')!.messages[0]!.raw.toString()).toBe('Body of second\r\n!!');
  },
  async UNSELECT() {
    const raw = await selected();
    await raw.command('d', 'STORE 1 +FLAGS (\\Deleted)');
    expect(await raw.command('u', 'UNSELECT')).toBe('u OK UNSELECT completed\r\n');
    expect(world.alice.inbox.messages).toHaveLength(2);
  },
  async CHILDREN() {
    await world.alice.createMailbox('Archive/2024');
    const raw = await loggedIn();
    expect(await raw.command('l', 'LIST "" "Archive*"')).toBe(
      '* LIST (\\HasChildren \\Archive) "/" "Archive"\r\n* LIST (\\HasNoChildren) "/" "Archive/2024"\r\nl OK LIST completed\r\n',
    );
  },
  async NAMESPACE() {
    const raw = await loggedIn();
    expect(await raw.command('n', 'NAMESPACE')).toBe('* NAMESPACE (("" "/")) NIL NIL\r\nn OK NAMESPACE completed\r\n');
  },
  async UIDPLUS() {
    const raw = await selected();
    await raw.command('d', 'STORE 1:2 +FLAGS.SILENT (\\Deleted)');
    expect(await raw.command('x', 'UID EXPUNGE 2')).toBe('* 2 EXPUNGE\r\nx OK UID EXPUNGE completed\r\n');
    const box = world.alice.inbox;
    expect(await raw.command('c', 'COPY 1 Archive')).toBe(`c OK [COPYUID ${world.alice.mailbox('Archive')!.uidValidity} 1 1] COPY completed\r\n`);
    expect(box.messages.map((m) => m.uid)).toEqual([1]);
  },
  async 'LIST-EXTENDED'() {
    const raw = await loggedIn();
    await raw.command('u', 'UNSUBSCRIBE Junk');
    expect(await raw.command('l', 'LIST (SUBSCRIBED) "" (Junk Sent)')).toBe('* LIST (\\HasNoChildren \\Sent \\Subscribed) "/" "Sent"\r\nl OK LIST completed\r\n');
  },
  async CONDSTORE() {
    const raw = await loggedIn();
    const box = world.alice.inbox;
    expect(await raw.command('s', 'SELECT INBOX (CONDSTORE)')).toContain(`* OK [HIGHESTMODSEQ ${box.highestModSeq}] Highest\r\n`);
    expect(await raw.command('f', 'FETCH 1:* (FLAGS) (CHANGEDSINCE 2)')).toBe(`* 2 FETCH (FLAGS (\\Recent) MODSEQ (3))\r\nf OK FETCH completed\r\n`);
  },
  async QRESYNC() {
    const box = world.alice.inbox;
    const known = box.highestModSeq;
    const raw = await loggedIn();
    await raw.command('e', 'ENABLE QRESYNC');
    await raw.command('s', 'SELECT INBOX');
    await raw.command('d', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
    expect(await raw.command('x', 'EXPUNGE')).toBe('* VANISHED 1\r\nx OK EXPUNGE completed\r\n');
    expect(await raw.command('t', `EXAMINE INBOX (QRESYNC (${box.uidValidity} ${known}))`)).toContain('* VANISHED (EARLIER) 1\r\n');
  },
  async 'LIST-STATUS'() {
    const raw = await loggedIn();
    expect(await raw.command('l', 'LIST "" INBOX RETURN (STATUS (MESSAGES UNSEEN))')).toBe(
      '* LIST (\\HasNoChildren) "/" "INBOX"\r\n* STATUS "INBOX" (MESSAGES 2 UNSEEN 2)\r\nl OK LIST completed\r\n',
    );
  },
  async MOVE() {
    const raw = await selected();
    const archive = world.alice.mailbox('Archive')!;
    expect(await raw.command('m', 'MOVE 1 Archive')).toBe(`* OK [COPYUID ${archive.uidValidity} 1 1] Moved\r\n* 1 EXPUNGE\r\nm OK MOVE completed\r\n`);
  },
  async SAVEDATE() {
    const raw = await selected();
    world.clock.advance(86_400_000);
    expect(await raw.command('s', 'SEARCH SAVEDSINCE 5-Mar-2024')).toBe('* SEARCH\r\ns OK SEARCH completed\r\n');
    expect(await raw.command('f', 'FETCH 1 (SAVEDATE)')).toBe('* 1 FETCH (SAVEDATE " 4-Mar-2024 09:00:00 +0000")\r\nf OK FETCH completed\r\n');
  },
  async PREVIEW() {
    const raw = await selected();
    expect(await raw.command('p', 'FETCH 1 (PREVIEW)')).toBe('* 1 FETCH (PREVIEW "Body of first")\r\np OK FETCH completed\r\n');
  },
  async 'PREVIEW=FUZZY'() {
    const raw = await selected();
    expect(await raw.command('p', 'FETCH 1 (PREVIEW (FUZZY))')).toBe('* 1 FETCH (PREVIEW (FUZZY "Body of first"))\r\np OK FETCH completed\r\n');
  },
  async 'SNIPPET=FUZZY'() {
    const raw = await selected();
    expect(await raw.command('p', 'FETCH 2 (SNIPPET (FUZZY))')).toBe('* 2 FETCH (SNIPPET (FUZZY "Body of second"))\r\np OK FETCH completed\r\n');
  },
  async 'STATUS=SIZE'() {
    const raw = await loggedIn();
    const size = world.alice.inbox.totalSize;
    expect(await raw.command('s', 'STATUS INBOX (SIZE)')).toBe(`* STATUS "INBOX" (SIZE ${size})\r\ns OK STATUS completed\r\n`);
  },
  async 'LITERAL+'() {
    const raw = await loggedIn();
    const message = 'Subject: plus\r\n\r\nhi\r\n';
    raw.take();
    raw.write(`a APPEND INBOX {${message.length}+}\r\n${message}\r\n`);
    // No "+ Ready for literal data": the octets were taken without a continuation.
    expect(await raw.readUntil(/^a OK/m)).toMatch(/^a OK \[APPENDUID \d+ 3\] APPEND completed\r\n$/);
  },
  async NOTIFY() {
    const raw = await loggedIn();
    await raw.command('n', 'NOTIFY SET (mailboxes Trash (MessageNew MessageExpunge))');
    world.deliver('binned', { mailbox: 'Trash' });
    const trash = world.alice.mailbox('Trash')!;
    expect(await raw.readUntil(/STATUS.*\r\n/)).toBe(`* STATUS "Trash" (MESSAGES 1 UIDNEXT 2 UIDVALIDITY ${trash.uidValidity} UNSEEN 1)\r\n`);
  },
  async 'SPECIAL-USE'() {
    const raw = await loggedIn();
    expect(await raw.command('l', 'LIST (SPECIAL-USE) "" *')).toBe(
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"\r\n* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"\r\n* LIST (\\HasNoChildren \\Junk) "/" "Junk"\r\n' +
        '* LIST (\\HasNoChildren \\Sent) "/" "Sent"\r\n* LIST (\\HasNoChildren \\Trash) "/" "Trash"\r\nl OK LIST completed\r\n',
    );
  },
  async SORT() {
    const raw = await selected();
    expect(await raw.command('s', 'SORT (REVERSE SUBJECT) UTF-8 ALL')).toBe('* SORT 2 1\r\ns OK SORT completed\r\n');
  },
  async 'SORT=DISPLAY'() {
    const raw = await selected();
    expect(await raw.command('s', 'SORT (DISPLAYFROM REVERSE SUBJECT) UTF-8 ALL')).toBe('* SORT 2 1\r\ns OK SORT completed\r\n');
  },
  async 'THREAD=REFERENCES'() {
    const raw = await selected();
    expect(await raw.command('t', 'THREAD REFERENCES UTF-8 ALL')).toBe('* THREAD (1)(2)\r\nt OK THREAD completed\r\n');
  },
  async 'THREAD=REFS'() {
    const raw = await selected();
    expect(await raw.command('t', 'UID THREAD REFS UTF-8 ALL')).toBe('* THREAD (1)(2)\r\nt OK UID THREAD completed\r\n');
  },
  async 'THREAD=ORDEREDSUBJECT'() {
    const raw = await selected();
    expect(await raw.command('t', 'THREAD ORDEREDSUBJECT UTF-8 ALL')).toBe('* THREAD (1)(2)\r\nt OK THREAD completed\r\n');
  },
  async 'I18NLEVEL=1'() {
    world.deliver('\u00e9t\u00e9', { from: '=?utf-8?Q?=C3=89mile?= <e@example.com>' });
    world.deliver('Zebra', { from: 'Zed <z@example.com>' });
    const raw = await selected();
    // i;unicode-casemap: "Émile" decomposes to E + accent, so it sorts before Zed (i;ascii-casemap would put it after).
    expect(await raw.command('s', 'SORT (DISPLAYFROM) UTF-8 ALL')).toBe('* SORT 1 2 3 4\r\ns OK SORT completed\r\n');
  },
  async ESEARCH() {
    const raw = await selected();
    expect(await raw.command('e', 'SEARCH RETURN (MIN MAX COUNT) ALL')).toBe('* ESEARCH (TAG "e") MIN 1 MAX 2 COUNT 2\r\ne OK SEARCH completed\r\n');
  },
  async ESORT() {
    const raw = await selected();
    expect(await raw.command('e', 'SORT RETURN (MIN) (REVERSE SUBJECT) UTF-8 ALL')).toBe('* ESEARCH (TAG "e") MIN 2\r\ne OK SORT completed\r\n');
  },
  async SEARCHRES() {
    const raw = await selected();
    expect(await raw.command('a', 'SEARCH RETURN (SAVE) SUBJECT second')).toBe('a OK SEARCH completed\r\n');
    expect(await raw.command('b', 'FETCH $ (UID)')).toBe('* 2 FETCH (UID 2)\r\nb OK FETCH completed\r\n');
  },
  async WITHIN() {
    const raw = await selected();
    world.clock.advance(3_600_000);
    expect(await raw.command('a', 'SEARCH OLDER 3599')).toBe('* SEARCH 1 2\r\na OK SEARCH completed\r\n');
    expect(await raw.command('b', 'SEARCH YOUNGER 3599')).toBe('* SEARCH\r\nb OK SEARCH completed\r\n');
  },
  async 'CONTEXT=SEARCH'() {
    const raw = await selected();
    expect(await raw.command('u', 'UID SEARCH RETURN (UPDATE) UNSEEN')).toBe('* ESEARCH (TAG "u") UID ALL 1:2\r\nu OK UID SEARCH completed\r\n');
    expect(await raw.command('s', 'STORE 1 +FLAGS.SILENT (\\Seen)')).toBe('* ESEARCH (TAG "u") UID REMOVEFROM (0 1)\r\ns OK STORE completed\r\n');
  },
  async 'CONTEXT=SORT'() {
    const raw = await selected();
    expect(await raw.command('u', 'UID SORT RETURN (UPDATE) (REVERSE SUBJECT) UTF-8 UNSEEN')).toBe('* ESEARCH (TAG "u") UID ALL 2,1\r\nu OK UID SORT completed\r\n');
    world.deliver('third');
    expect(await raw.command('n', 'NOOP')).toBe('* 3 EXISTS\r\n* 3 RECENT\r\n* ESEARCH (TAG "u") UID ADDTO (1 3)\r\nn OK NOOP completed\r\n');
  },
  async QUOTA() {
    const raw = await loggedIn();
    expect(await raw.command('q', 'GETQUOTAROOT INBOX')).toBe('* QUOTAROOT "INBOX" ""\r\n* QUOTA "" ()\r\nq OK GETQUOTAROOT completed\r\n');
  },
  async 'QUOTA=RES-STORAGE'() {
    const raw = await loggedIn();
    expect(await raw.command('q', 'SETQUOTA "" (STORAGE 1)')).toBe('* QUOTA "" (STORAGE 1 1)\r\nq OK SETQUOTA completed\r\n');
    expect(await raw.command('a', 'APPEND INBOX {1500+}\r\n' + 'x'.repeat(1500))).toMatch(/^a NO \[OVERQUOTA\] /);
  },
  async 'QUOTA=RES-MESSAGE'() {
    const raw = await loggedIn();
    await raw.command('q', 'SETQUOTA "" (MESSAGE 2)');
    expect(await raw.command('a', 'APPEND INBOX {1+}\r\nx')).toBe('a NO [OVERQUOTA] Over quota: the account may hold 2 messages and holds 2\r\n');
  },
  async QUOTASET() {
    const raw = await loggedIn();
    expect(await raw.command('q', 'SETQUOTA "" (MESSAGE 10)')).toBe('* QUOTA "" (MESSAGE 2 10)\r\nq OK SETQUOTA completed\r\n');
    expect(world.alice.quota).toEqual({ messages: 10 });
  },
  async PARTIAL() {
    const raw = await selected();
    expect(await raw.command('p', 'UID SEARCH RETURN (PARTIAL -1:-1) ALL')).toBe('* ESEARCH (TAG "p") UID PARTIAL (-1:-1 2)\r\np OK UID SEARCH completed\r\n');
  },
  async 'CREATE-SPECIAL-USE'() {
    const raw = await loggedIn();
    expect(await raw.command('c', 'CREATE Outbox (USE (\\Flagged))')).toMatch(/^c OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(await raw.command('l', 'LIST "" Outbox')).toBe('* LIST (\\HasNoChildren \\Flagged) "/" "Outbox"\r\nl OK LIST completed\r\n');
  },
  async 'APPENDLIMIT='() {
    const raw = await loggedIn();
    const limit = STANDARD_PROFILE.appendLimit;
    expect(await raw.command('s', 'STATUS INBOX (APPENDLIMIT)')).toBe(`* STATUS "INBOX" (APPENDLIMIT ${limit})\r\ns OK STATUS completed\r\n`);
    raw.write(`a APPEND INBOX {${limit + 1}}\r\n`);
    expect(await raw.readUntil(/^a NO/m)).toBe(`a NO [TOOBIG] Literal of ${limit + 1} octets is too large\r\n`);
  },
  async BINARY() {
    world.alice.inbox.append(Buffer.from('Content-Transfer-Encoding: base64\r\n\r\nAGhp\r\n'), { label: 'test' });
    const raw = await selected();
    expect(await raw.command('b', 'FETCH 3 (BINARY.PEEK[1] BINARY.SIZE[1])')).toBe('* 3 FETCH (BINARY[1] ~{3}\r\n\0hi BINARY.SIZE[1] 3)\r\nb OK FETCH completed\r\n');
  },
  async 'COMPRESS=DEFLATE'() {
    const raw = await loggedIn();
    expect(await raw.command('c', 'COMPRESS DEFLATE')).toBe('c OK DEFLATE active\r\n');
    const compressed = new CompressedClient(raw.socket);
    expect(await compressed.command('n', 'NOOP')).toBe('n OK NOOP completed\r\n');
  },
  async UNAUTHENTICATE() {
    const raw = await selected();
    expect(await raw.command('u', 'UNAUTHENTICATE')).toBe('u OK UNAUTHENTICATE completed\r\n');
    expect(await raw.command('f', 'FETCH 1 FLAGS')).toMatch(/^f BAD \[CLIENTBUG\] FETCH is not valid in the not-authenticated state/);
    expect(await raw.command('l', 'LOGIN alice@example.com secret')).toMatch(/^l OK \[CAPABILITY /);
  },
};

/** A capability with a value (APPENDLIMIT=52428800) has its probe under "NAME=". */
function probeOf(name: string): Probe | undefined {
  return PROBES[name] ?? (name.includes('=') ? PROBES[`${name.split('=')[0]}=`] : undefined);
}

describe('the capability walk: every advertised capability works', () => {
  const advertised = featuresOf(STANDARD_PROFILE).capabilities;

  it('has a probe for every capability advertised, and advertises what CAPABILITY answers after login', async () => {
    expect(advertised.filter((name) => probeOf(name) === undefined)).toEqual([]);
    const raw = await loggedIn();
    expect(await raw.command('c', 'CAPABILITY')).toBe(`* CAPABILITY ${advertised.join(' ')}\r\nc OK CAPABILITY completed\r\n`);
  });

  for (const name of advertised) {
    it(`${name} works as advertised`, async () => {
      await probeOf(name)!();
    });
  }
});
