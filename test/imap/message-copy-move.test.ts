import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

const ORIGIN = { label: 'test' };

async function selected(mailbox = 'INBOX'): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect(mailbox);
  return raw;
}

/** Each message of a mailbox as "uid flags subject", to compare whole mailboxes at once. */
function contents(name: string): string[] {
  return world.alice.mailbox(name)!.messages.map((m) => `${m.uid} ${m.flags.join(',')} ${/Subject: (.*)\r\n/.exec(m.raw.toString())?.[1]}`);
}

describe('COPY', () => {
  it('copies bytes, flags and internal date, and answers with COPYUID in the tagged OK', async () => {
    world = await imapWorld();
    const one = world.alice.inbox.append(Buffer.from('Subject: one\r\n\r\nx\r\n'), ORIGIN, { flags: ['\\Seen', '$Forwarded'], internalDate: T0 - 5000 });
    world.deliver('two', { flags: ['\\Deleted'] });
    world.deliver('three');
    world.deliver('old', { mailbox: 'Archive' });
    const raw = await selected();
    const archive = world.alice.mailbox('Archive')!;
    expect(await raw.command('a', 'COPY 1:2 Archive')).toBe(`a OK [COPYUID ${archive.uidValidity} 1:2 2:3] COPY completed\r\n`);
    expect(contents('Archive')).toEqual(['1  old', '2 \\Seen,$Forwarded one', '3 \\Deleted two']);
    const copy = archive.messages[1]!;
    expect(copy.raw.equals(one.raw)).toBe(true);
    expect(copy.internalDate).toBe(one.internalDate);
    // UID COPY: UIDs that do not exist are skipped; source and destination UIDs pair by position.
    expect(await raw.command('b', 'UID COPY 3,1,99 Archive')).toBe(`b OK [COPYUID ${archive.uidValidity} 1,3 4:5] UID COPY completed\r\n`);
    expect(await raw.command('c', 'UID COPY 50:60 Archive')).toBe('c OK UID COPY completed; no messages matched\r\n');
    // The source is untouched and nothing is reported to the source session.
    expect(contents('INBOX')).toEqual(['1 \\Seen,$Forwarded one', '2 \\Deleted two', '3  three']);
    expect(await raw.command('d', 'NOOP')).toBe('d OK NOOP completed\r\n');
  });

  it('copies into the selected mailbox itself, which reports EXISTS like any new message', async () => {
    world = await imapWorld();
    world.deliver('one');
    const raw = await selected();
    expect(await raw.command('a', 'COPY 1 INBOX')).toBe(`* 2 EXISTS\r\n* 2 RECENT\r\na OK [COPYUID ${world.alice.inbox.uidValidity} 1 2] COPY completed\r\n`);
  });

  it('works from a read-only session', async () => {
    world = await imapWorld();
    world.deliver('one');
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    await raw.command('x', 'EXAMINE INBOX');
    expect(await raw.command('a', 'COPY 1 Trash')).toBe(`a OK [COPYUID ${world.alice.mailbox('Trash')!.uidValidity} 1 1] COPY completed\r\n`);
  });

  it('refuses a missing destination with TRYCREATE and bad sets with BAD, copying nothing', async () => {
    world = await imapWorld();
    world.deliver('one');
    world.alice.createMailbox('Projects/2024');
    world.alice.deleteMailbox('Projects', ORIGIN);
    const before = world.snapshot();
    const raw = await selected();
    expect(await raw.command('a', 'COPY 1 Nowhere')).toBe('a NO [TRYCREATE] Mailbox Nowhere does not exist\r\n');
    // A \Noselect parent holds no messages either.
    expect(await raw.command('b', 'UID COPY 1 Projects')).toBe('b NO [TRYCREATE] Mailbox Projects does not exist\r\n');
    expect(await raw.command('c', 'COPY 2 Archive')).toBe('c BAD Message sequence number out of range in 2: the mailbox has 1 message\r\n');
    expect(await raw.command('d', 'COPY 1')).toMatch(/^d BAD COPY: missing the destination mailbox/);
    expect(await raw.command('e', 'COPY x Archive')).toMatch(/^e BAD /);
    expect(world.snapshot()).toBe(before);
    expect(await raw.command('f', 'COPY 1 Projects/2024')).toMatch(/^f OK \[COPYUID \d+ 1 1\] COPY completed\r\n$/);
  });
});

describe('MOVE (RFC 6851)', () => {
  it('sends COPYUID in an untagged OK, then the EXPUNGEs, then the tagged OK', async () => {
    world = await imapWorld();
    ['one', 'two', 'three', 'four'].forEach((subject) => world.deliver(subject, { flags: subject === 'two' ? ['\\Flagged'] : [] }));
    world.deliver('kept', { mailbox: 'Trash' });
    const raw = await selected();
    const trash = world.alice.mailbox('Trash')!;
    // Expunged highest first or lowest first, each number is valid at the moment it is sent.
    expect(await raw.command('a', 'MOVE 2:3 Trash')).toBe(`* OK [COPYUID ${trash.uidValidity} 2:3 2:3] Moved\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\na OK MOVE completed\r\n`);
    expect(contents('Trash')).toEqual(['1  kept', '2 \\Flagged two', '3  three']);
    expect(contents('INBOX')).toEqual(['1  one', '4  four']);
    expect(await raw.command('b', 'UID MOVE 4,1 Trash')).toBe(`* OK [COPYUID ${trash.uidValidity} 1,4 4:5] Moved\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nb OK UID MOVE completed\r\n`);
    expect(await raw.command('c', 'UID MOVE 1:* Trash')).toBe('c OK UID MOVE completed; no messages matched\r\n');
    // UIDs are never reused: the next delivery gets 5.
    expect(world.deliver('five').uid).toBe(5);
  });

  it('moves within the same mailbox: new UIDs, then the old ones go', async () => {
    world = await imapWorld();
    world.deliver('one');
    const raw = await selected();
    expect(await raw.command('a', 'MOVE 1 INBOX')).toBe(
      `* OK [COPYUID ${world.alice.inbox.uidValidity} 1 2] Moved\r\n* 2 EXISTS\r\n* 2 RECENT\r\n* 1 EXPUNGE\r\na OK MOVE completed\r\n`,
    );
    expect(contents('INBOX')).toEqual(['2  one']);
  });

  it('refuses a read-only session, a missing destination and bad numbers, moving nothing', async () => {
    world = await imapWorld();
    world.deliver('one');
    const before = world.snapshot();
    const reader = await world.raw();
    await reader.command('l', 'LOGIN alice secret');
    await reader.command('x', 'EXAMINE INBOX');
    expect(await reader.command('a', 'MOVE 1 Trash')).toBe('a NO [READ-ONLY] Mailbox is read-only (EXAMINE); messages cannot be moved out\r\n');
    const raw = await selected();
    expect(await raw.command('b', 'MOVE 1 Nowhere')).toBe('b NO [TRYCREATE] Mailbox Nowhere does not exist\r\n');
    expect(await raw.command('c', 'MOVE 1:3 Trash')).toBe('c BAD Message sequence number out of range in 1:3: the mailbox has 1 message\r\n');
    expect(world.snapshot()).toBe(before);
  });
});

describe('COPY, MOVE and delete through imapflow', () => {
  it('messageCopy and messageMove return the UID maps; messageDelete expunges', async () => {
    world = await imapWorld();
    ['one', 'two', 'three', 'four'].forEach((subject) => world.deliver(subject));
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const expunged: number[] = [];
    client.on('expunge', (event: { seq: number }) => expunged.push(event.seq));
    const archive = world.alice.mailbox('Archive')!;
    const trash = world.alice.mailbox('Trash')!;

    const copied = await client.messageCopy('1:2', 'Archive');
    expect(copied).toEqual({ path: 'INBOX', destination: 'Archive', uidValidity: BigInt(archive.uidValidity), uidMap: new Map([[1, 1], [2, 2]]) });

    const moved = await client.messageMove({ uid: '3:4' }, 'Trash', { uid: true });
    expect(moved).toEqual({ path: 'INBOX', destination: 'Trash', uidValidity: BigInt(trash.uidValidity), uidMap: new Map([[3, 1], [4, 2]]) });
    expect(expunged).toEqual([3, 3]);
    expect(client.mailbox && client.mailbox.exists).toBe(2);

    expect(await client.messageDelete('1')).toBe(true);
    expect(contents('INBOX')).toEqual(['2  two']);
    expect(contents('Trash')).toEqual(['1  three', '2  four']);
    expect(contents('Archive')).toEqual(['1  one', '2  two']);
    expect(expunged).toEqual([3, 3, 1]);
  });

  it('messageCopy to a missing mailbox fails and changes nothing', async () => {
    world = await imapWorld();
    world.deliver('one');
    const before = world.snapshot();
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    expect(await client.messageCopy('1', 'Nowhere')).toBe(false);
    expect(await client.messageMove('1', 'Nowhere')).toBe(false);
    expect(world.snapshot()).toBe(before);
  });
});
