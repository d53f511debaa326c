import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/imap/features.js';
import { STANDARD_PROFILE } from '../../src/providers/standard.js';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

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
  async 'SPECIAL-USE'() {
    const raw = await loggedIn();
    expect(await raw.command('l', 'LIST (SPECIAL-USE) "" *')).toBe(
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"\r\n* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"\r\n* LIST (\\HasNoChildren \\Junk) "/" "Junk"\r\n' +
        '* LIST (\\HasNoChildren \\Sent) "/" "Sent"\r\n* LIST (\\HasNoChildren \\Trash) "/" "Trash"\r\nl OK LIST completed\r\n',
    );
  },
  async UNAUTHENTICATE() {
    const raw = await selected();
    expect(await raw.command('u', 'UNAUTHENTICATE')).toBe('u OK UNAUTHENTICATE completed\r\n');
    expect(await raw.command('f', 'FETCH 1 FLAGS')).toMatch(/^f BAD \[CLIENTBUG\] FETCH is not valid in the not-authenticated state/);
    expect(await raw.command('l', 'LOGIN alice@example.com secret')).toMatch(/^l OK \[CAPABILITY /);
  },
};

describe('the capability walk: every advertised capability works', () => {
  const advertised = featuresOf(STANDARD_PROFILE).capabilities;

  it('has a probe for every capability advertised, and advertises what CAPABILITY answers after login', async () => {
    expect(advertised.filter((name) => PROBES[name] === undefined)).toEqual([]);
    const raw = await loggedIn();
    expect(await raw.command('c', 'CAPABILITY')).toBe(`* CAPABILITY ${advertised.join(' ')}\r\nc OK CAPABILITY completed\r\n`);
  });

  for (const name of advertised) {
    it(`${name} works as advertised`, async () => {
      await PROBES[name]!();
    });
  }
});
