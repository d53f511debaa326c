import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

const DEFAULT_LIST =
  '* LIST (\\HasNoChildren) "/" "INBOX"\r\n' +
  '* LIST (\\HasNoChildren \\Archive) "/" "Archive"\r\n' +
  '* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"\r\n' +
  '* LIST (\\HasNoChildren \\Junk) "/" "Junk"\r\n' +
  '* LIST (\\HasNoChildren \\Sent) "/" "Sent"\r\n' +
  '* LIST (\\HasNoChildren \\Trash) "/" "Trash"\r\n';

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('L', 'LOGIN alice@example.com secret');
  return raw;
}

/** Only the untagged lines of a reply that start with `* <name> `. */
function lines(reply: string, name = 'LIST'): string[] {
  return reply.split('\r\n').filter((line) => line.startsWith(`* ${name} `));
}

describe('LIST (RFC 3501 6.3.8)', () => {
  it('answers LIST "" "" with the hierarchy delimiter and lists the default mailboxes in order', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'LIST "" ""')).toBe('* LIST (\\Noselect) "/" ""\r\na OK LIST completed\r\n');
    expect(await raw.command('b', 'LIST "" *')).toBe(DEFAULT_LIST + 'b OK LIST completed\r\n');
    expect(await raw.command('c', 'LIST "" "*"')).toBe(DEFAULT_LIST + 'c OK LIST completed\r\n');
  });

  it('matches "%" one level deep, "*" at any depth, and applies the reference', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Work/2024/Q1');
    world.alice.createMailbox('Work/2023');
    const raw = await loggedIn();
    expect(lines(await raw.command('a', 'LIST "" %'))).toEqual([
      '* LIST (\\HasNoChildren) "/" "INBOX"',
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"',
      '* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"',
      '* LIST (\\HasNoChildren \\Junk) "/" "Junk"',
      '* LIST (\\HasNoChildren \\Sent) "/" "Sent"',
      '* LIST (\\HasNoChildren \\Trash) "/" "Trash"',
      '* LIST (\\HasChildren) "/" "Work"',
    ]);
    expect(await raw.command('b', 'LIST Work/ %')).toBe(
      '* LIST (\\HasNoChildren) "/" "Work/2023"\r\n* LIST (\\HasChildren) "/" "Work/2024"\r\nb OK LIST completed\r\n',
    );
    expect(lines(await raw.command('c', 'LIST "" Work/*'))).toEqual([
      '* LIST (\\HasNoChildren) "/" "Work/2023"',
      '* LIST (\\HasChildren) "/" "Work/2024"',
      '* LIST (\\HasNoChildren) "/" "Work/2024/Q1"',
    ]);
    // A pattern that starts with the delimiter ignores the reference; nothing is named "/...".
    expect(await raw.command('d', 'LIST Work/ /Work')).toBe('d OK LIST completed\r\n');
    expect(lines(await raw.command('e', 'LIST "" *Q1'))).toEqual(['* LIST (\\HasNoChildren) "/" "Work/2024/Q1"']);
    expect(await raw.command('f', 'LIST "" Nothing*')).toBe('f OK LIST completed\r\n');
  });

  it('names INBOX case-insensitively and always answers with "INBOX"', async () => {
    world = await imapWorld();
    world.alice.createMailbox('INBOX/Receipts');
    const raw = await loggedIn();
    expect(await raw.command('a', 'LIST "" inbox')).toBe('* LIST (\\HasChildren) "/" "INBOX"\r\na OK LIST completed\r\n');
    expect(await raw.command('b', 'LIST "" Inbox/%')).toBe('* LIST (\\HasNoChildren) "/" "INBOX/Receipts"\r\nb OK LIST completed\r\n');
  });

  it('reports a deleted parent as \\Noselect with its children', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Projects/Alpha');
    world.alice.deleteMailbox('Projects', { label: 'test' });
    const raw = await loggedIn();
    expect(lines(await raw.command('a', 'LIST "" Projects*'))).toEqual([
      '* LIST (\\Noselect \\HasChildren) "/" "Projects"',
      '* LIST (\\HasNoChildren) "/" "Projects/Alpha"',
    ]);
  });

  it('sends and takes names in modified UTF-7', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Entwürfe');
    world.alice.createMailbox('Say "hi"\\there');
    const raw = await loggedIn();
    expect(await raw.command('a', 'LIST "" Entw&APw-rfe')).toBe('* LIST (\\HasNoChildren) "/" "Entw&APw-rfe"\r\na OK LIST completed\r\n');
    expect(await raw.command('b', 'LIST "" Say*')).toBe('* LIST (\\HasNoChildren) "/" "Say \\"hi\\"\\\\there"\r\nb OK LIST completed\r\n');
  });
});

describe('LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154), LIST-STATUS (RFC 5819)', () => {
  it('takes several patterns and answers each name once, in order', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'LIST "" (Sent INBOX "S*")')).toBe(
      '* LIST (\\HasNoChildren) "/" "INBOX"\r\n* LIST (\\HasNoChildren \\Sent) "/" "Sent"\r\na OK LIST completed\r\n',
    );
  });

  it('returns \\Subscribed with RETURN (SUBSCRIBED) and a STATUS after each selectable mailbox', async () => {
    world = await imapWorld();
    world.deliver('one', { flags: ['\\Seen'] });
    world.deliver('two');
    world.alice.createMailbox('Old/Stuff');
    world.alice.deleteMailbox('Old', { label: 'test' });
    world.alice.unsubscribe('Junk');
    const size = world.alice.inbox.totalSize;
    const raw = await loggedIn();
    const reply = await raw.command('a', 'LIST "" * RETURN (SUBSCRIBED STATUS (MESSAGES UNSEEN SIZE))');
    expect(reply).toBe(
      '* LIST (\\HasNoChildren \\Subscribed) "/" "INBOX"\r\n' +
        `* STATUS "INBOX" (MESSAGES 2 UNSEEN 1 SIZE ${size})\r\n` +
        '* LIST (\\HasNoChildren \\Archive \\Subscribed) "/" "Archive"\r\n* STATUS "Archive" (MESSAGES 0 UNSEEN 0 SIZE 0)\r\n' +
        '* LIST (\\HasNoChildren \\Drafts \\Subscribed) "/" "Drafts"\r\n* STATUS "Drafts" (MESSAGES 0 UNSEEN 0 SIZE 0)\r\n' +
        '* LIST (\\HasNoChildren \\Junk) "/" "Junk"\r\n* STATUS "Junk" (MESSAGES 0 UNSEEN 0 SIZE 0)\r\n' +
        // \Noselect: no STATUS (RFC 5819 2).
        '* LIST (\\Noselect \\HasChildren) "/" "Old"\r\n' +
        // Created without SUBSCRIBE: not subscribed.
        '* LIST (\\HasNoChildren) "/" "Old/Stuff"\r\n* STATUS "Old/Stuff" (MESSAGES 0 UNSEEN 0 SIZE 0)\r\n' +
        '* LIST (\\HasNoChildren \\Sent \\Subscribed) "/" "Sent"\r\n* STATUS "Sent" (MESSAGES 0 UNSEEN 0 SIZE 0)\r\n' +
        '* LIST (\\HasNoChildren \\Trash \\Subscribed) "/" "Trash"\r\n* STATUS "Trash" (MESSAGES 0 UNSEEN 0 SIZE 0)\r\n' +
        'a OK LIST completed\r\n',
    );
  });

  it('answers what imapflow sends before opening a mailbox', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'LIST "" "INBOX" RETURN (SPECIAL-USE CHILDREN SUBSCRIBED)')).toBe(
      '* LIST (\\HasNoChildren \\Subscribed) "/" "INBOX"\r\na OK LIST completed\r\n',
    );
  });

  it('selects special-use mailboxes with (SPECIAL-USE)', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Plain');
    const raw = await loggedIn();
    expect(lines(await raw.command('a', 'LIST (SPECIAL-USE) "" *'))).toEqual([
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"',
      '* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"',
      '* LIST (\\HasNoChildren \\Junk) "/" "Junk"',
      '* LIST (\\HasNoChildren \\Sent) "/" "Sent"',
      '* LIST (\\HasNoChildren \\Trash) "/" "Trash"',
    ]);
    expect(await raw.command('b', 'LIST (REMOTE SPECIAL-USE) "" Sent RETURN (SPECIAL-USE)')).toBe(
      '* LIST (\\HasNoChildren \\Sent) "/" "Sent"\r\nb OK LIST completed\r\n',
    );
    world.alice.createMailbox('Clients/Outbox', '\\Sent');
    expect(await raw.command('c', 'LIST (SPECIAL-USE RECURSIVEMATCH) "" C%')).toBe(
      '* LIST (\\HasChildren) "/" "Clients" ("CHILDINFO" ("SPECIAL-USE"))\r\nc OK LIST completed\r\n',
    );
    expect(await raw.command('d', 'LIST (SPECIAL-USE) "" C%')).toBe('d OK LIST completed\r\n');
  });

  it('lists subscribed names, existing or not, and CHILDINFO with RECURSIVEMATCH (RFC 5258 example 8)', async () => {
    world = await imapWorld();
    for (const name of world.alice.subscribedNames()) world.alice.unsubscribe(name);
    world.alice.createMailbox('Foo/Bar');
    world.alice.createMailbox('Foo/Baz');
    world.alice.subscribe('Foo/Baz');
    world.alice.createMailbox('Moo');
    const raw = await loggedIn();
    expect(await raw.command('a', 'SUBSCRIBE Fruit/Peach')).toBe('a OK SUBSCRIBE completed\r\n');
    expect(await raw.command('b', 'LIST (SUBSCRIBED) "" *')).toBe(
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Foo/Baz"\r\n* LIST (\\NonExistent \\Subscribed) "/" "Fruit/Peach"\r\nb OK LIST completed\r\n',
    );
    expect(await raw.command('c', 'LIST (SUBSCRIBED) "" %')).toBe('c OK LIST completed\r\n');
    expect(await raw.command('d', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" %')).toBe(
      '* LIST (\\HasChildren) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))\r\n' +
        '* LIST (\\NonExistent) "/" "Fruit" ("CHILDINFO" ("SUBSCRIBED"))\r\n' +
        'd OK LIST completed\r\n',
    );
    // Every subscribed child is listed by "*" itself: no redundant CHILDINFO for Foo (3.5 SHOULD).
    expect(lines(await raw.command('e', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" *'))).toEqual([
      '* LIST (\\HasNoChildren \\Subscribed) "/" "Foo/Baz"',
      '* LIST (\\NonExistent \\Subscribed) "/" "Fruit/Peach"',
    ]);
    await raw.command('f', 'SUBSCRIBE Foo');
    expect(await raw.command('g', 'LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (CHILDREN)')).toBe(
      '* LIST (\\HasChildren \\Subscribed) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))\r\n' +
        '* LIST (\\NonExistent) "/" "Fruit" ("CHILDINFO" ("SUBSCRIBED"))\r\n' +
        'g OK LIST completed\r\n',
    );
  });

  it('answers bad options with BAD, a missing login with BAD, and goes on', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    expect(await raw.command('a', 'LIST "" *')).toBe('a BAD [CLIENTBUG] LIST is not valid in the not-authenticated state\r\n');
    await raw.command('L', 'LOGIN alice secret');
    expect(await raw.command('b', 'LIST (FOO) "" *')).toBe('b BAD LIST: unknown selection option "FOO"\r\n');
    expect(await raw.command('c', 'LIST (RECURSIVEMATCH) "" *')).toBe('c BAD LIST: RECURSIVEMATCH must be combined with SUBSCRIBED or SPECIAL-USE\r\n');
    expect(await raw.command('d', 'LIST "" * RETURN (STATUS ())')).toMatch(/^d BAD LIST RETURN: empty STATUS item list/);
    expect(await raw.command('e', 'LIST "" * RETURN (BOGUS)')).toBe('e BAD LIST: unknown return option "BOGUS"\r\n');
    expect(await raw.command('f', 'LIST ""')).toMatch(/^f BAD LIST: missing a mailbox pattern/);
    // A pattern that is not modified UTF-7 names no mailbox: it matches nothing (not NO).
    expect(await raw.command('g', 'LIST "" "&Jjo"')).toBe('g OK LIST completed\r\n');
    expect(await raw.command('h', 'LIST "" INBOX')).toBe('* LIST (\\HasNoChildren) "/" "INBOX"\r\nh OK LIST completed\r\n');
  });
});

describe('LSUB (RFC 3501 6.3.9)', () => {
  it('lists subscribed names only, with \\Noselect for names without a mailbox and for hidden parents', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Lists/Mail');
    world.alice.subscribe('Lists/Mail');
    world.alice.unsubscribe('Junk');
    const raw = await loggedIn();
    await raw.command('a', 'SUBSCRIBE Gone');
    expect(await raw.command('b', 'LSUB "" *')).toBe(
      '* LSUB () "/" "INBOX"\r\n* LSUB () "/" "Archive"\r\n* LSUB () "/" "Drafts"\r\n' +
        '* LSUB (\\Noselect) "/" "Gone"\r\n* LSUB () "/" "Lists/Mail"\r\n* LSUB () "/" "Sent"\r\n* LSUB () "/" "Trash"\r\n' +
        'b OK LSUB completed\r\n',
    );
    // "Lists" is not subscribed, but "%" hides its subscribed child: \Noselect says so.
    expect(lines(await raw.command('c', 'LSUB "" L%'), 'LSUB')).toEqual(['* LSUB (\\Noselect) "/" "Lists"']);
    expect(await raw.command('d', 'LSUB Lists/ %')).toBe('* LSUB () "/" "Lists/Mail"\r\nd OK LSUB completed\r\n');
    expect(await raw.command('e', 'LSUB "" Junk')).toBe('e OK LSUB completed\r\n');
    expect(await raw.command('f', 'LSUB "" * extra')).toBe('f BAD LSUB: unexpected extra argument "extra" (argument 3)\r\n');
  });
});
