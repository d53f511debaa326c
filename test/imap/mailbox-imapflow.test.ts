import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

/** What clients sent, without tags, for checking which commands imapflow chose. */
const clientLines = (): string[] => world.wire.filter((e) => e.direction === 'C').map((e) => e.text.replace(/^[0-9A-Z]+ (?=[A-Z])/, ''));

describe('imapflow against the mailbox commands', () => {
  it('list() gets attributes, subscriptions and status in one extended LIST, without LSUB', async () => {
    world = await imapWorld();
    world.deliver('one', { flags: ['\\Seen'] });
    world.deliver('two');
    world.alice.createMailbox('Projects/Alpha');
    world.alice.unsubscribe('Junk');
    const client = await world.client();
    const list = await client.list({ statusQuery: { messages: true, unseen: true, uidNext: true, uidValidity: true, highestModseq: true } });
    const byPath = new Map(list.map((entry) => [entry.path, entry]));
    expect([...byPath.keys()].sort()).toEqual(['Archive', 'Drafts', 'INBOX', 'Junk', 'Projects', 'Projects/Alpha', 'Sent', 'Trash']);
    expect(byPath.get('Sent')!.specialUse).toBe('\\Sent');
    expect(byPath.get('Sent')!.specialUseSource).toBe('extension');
    expect(byPath.get('Junk')!.subscribed ?? false).toBe(false);
    expect(byPath.get('Archive')!.subscribed).toBe(true);
    expect([...byPath.get('Projects')!.flags]).toEqual(['\\HasChildren']);
    const inbox = world.alice.inbox;
    expect(byPath.get('INBOX')!.status).toEqual({
      path: 'INBOX',
      messages: 2,
      unseen: 1,
      uidNext: 3,
      uidValidity: BigInt(inbox.uidValidity),
      highestModseq: BigInt(inbox.highestModSeq),
    });
    const lines = clientLines();
    expect(lines).toContain('LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ) SPECIAL-USE CHILDREN SUBSCRIBED)');
    expect(lines.filter((line) => /^(LSUB|STATUS) /.test(line))).toEqual([]);
  });

  it('listTree() nests the hierarchy and mailboxOpen() finds the mailbox', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Projects/Alpha');
    world.alice.subscribe('Projects/Alpha');
    const client = await world.client();
    const tree = await client.listTree();
    const projects = tree.folders!.find((folder) => folder.path === 'Projects')!;
    expect(projects.folders!.map((folder) => folder.path)).toEqual(['Projects/Alpha']);
    const fresh = await world.client();
    const opened = await fresh.mailboxOpen('Projects/Alpha');
    expect(opened.path).toBe('Projects/Alpha');
    expect(opened.subscribed).toBe(true);
    expect(clientLines()).toContain('LIST "" "Projects/Alpha" RETURN (SPECIAL-USE CHILDREN SUBSCRIBED)');
  });

  it('status() reads counts and SIZE, and reports a missing mailbox as such', async () => {
    world = await imapWorld();
    const message = world.deliver('one');
    const client = await world.client();
    expect(await client.status('INBOX', { messages: true, unseen: true, recent: true, size: true } as never)).toEqual({
      path: 'INBOX',
      messages: 1,
      unseen: 1,
      // IMAP4rev2 has no RECENT; imapflow answers 0 for it itself (RFC 9051 E.1).
      recent: 0,
      size: message.size,
    });
    await expect(client.status('Nowhere', { messages: true })).rejects.toThrow("Mailbox doesn't exist: Nowhere");
  });

  it('creates, subscribes, renames, unsubscribes and deletes mailboxes, Unicode names included', async () => {
    world = await imapWorld();
    const client = await world.client();
    // imapflow reads the new mailbox's OBJECTID from CREATE's [MAILBOXID].
    const created = await client.mailboxCreate(['Entwürfe', 'Q1 Plans']);
    expect(created).toEqual({ path: 'Entwürfe/Q1 Plans', created: true, mailboxId: `F${world.alice.mailbox('Entwürfe/Q1 Plans')!.uidValidity}` });
    // imapflow subscribes what it creates (SUBSCRIBE after CREATE, commands/create.js); the server
    // itself subscribes nothing, not even the parent CREATE made (RFC 3501 6.3.9). UTF8=ACCEPT is
    // on, so the names travel as UTF-8.
    expect(clientLines()).toContain('SUBSCRIBE "Entwürfe/Q1 Plans"');
    expect(world.alice.isSubscribed('Entwürfe/Q1 Plans')).toBe(true);
    expect(world.alice.isSubscribed('Entwürfe')).toBe(false);
    expect(await client.mailboxCreate('Entwürfe/Q1 Plans')).toEqual({ path: 'Entwürfe/Q1 Plans', created: false });
    expect(await client.mailboxRename('Entwürfe', 'Drafts 2024')).toEqual({ path: 'Entwürfe', newPath: 'Drafts 2024' });
    expect(world.alice.mailbox('Drafts 2024/Q1 Plans')).toBeDefined();
    expect(await client.mailboxUnsubscribe('Drafts 2024/Q1 Plans')).toBe(true);
    const listed = await client.list();
    expect(listed.find((entry) => entry.path === 'Drafts 2024/Q1 Plans')!.subscribed ?? false).toBe(false);
    expect(await client.mailboxSubscribe('Drafts 2024/Q1 Plans')).toBe(true);
    expect(await client.mailboxDelete('Drafts 2024/Q1 Plans')).toEqual({ path: 'Drafts 2024/Q1 Plans' });
    expect(world.alice.mailbox('Drafts 2024/Q1 Plans')).toBeUndefined();
    await expect(client.mailboxDelete('INBOX')).rejects.toMatchObject({ serverResponseCode: 'CANNOT' });
    await expect(client.mailboxRename('Nowhere', 'Else')).rejects.toMatchObject({ serverResponseCode: 'NONEXISTENT' });
    expect(clientLines()).toEqual(expect.arrayContaining(['CREATE "Entwürfe/Q1 Plans"', 'SUBSCRIBE "Entwürfe/Q1 Plans"']));
  });

  it('append() gets the UID from APPENDUID, with flags and date, and the EXISTS of the open mailbox', async () => {
    world = await imapWorld();
    world.deliver('first');
    const client = await world.client();
    const drafts = world.alice.mailbox('Drafts')!;
    const date = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
    const result = await client.append('Drafts', 'Subject: draft\r\n\r\nHello\r\n', ['\\Draft', '$Later'], date);
    expect(result).toEqual({ destination: 'Drafts', uid: 1, uidValidity: BigInt(drafts.uidValidity) });
    expect(drafts.messages[0]!.raw.toString()).toBe('Subject: draft\r\n\r\nHello\r\n');
    expect([...drafts.messages[0]!.flags].sort()).toEqual(['$Later', '\\Draft']);
    expect(drafts.messages[0]!.internalDate).toBe(date.getTime());
    await client.mailboxOpen('INBOX');
    const own = await client.append('INBOX', 'Subject: mine\r\n\r\n');
    expect(own).toMatchObject({ destination: 'INBOX', path: 'INBOX', seq: 2, uid: 2 });
    expect(client.mailbox && client.mailbox.exists).toBe(2);
    await expect(client.append('Nowhere', 'Subject: x\r\n\r\n')).rejects.toMatchObject({ serverResponseCode: 'TRYCREATE' });
  });
});
