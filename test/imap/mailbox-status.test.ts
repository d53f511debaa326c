import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

describe('STATUS (RFC 3501 6.3.10, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE)', () => {
  it('reports every item, in the order asked, from the store', async () => {
    world = await imapWorld();
    const one = world.deliver('one', { flags: ['\\Seen'] });
    const two = world.deliver('two');
    world.deliver('three', { mailbox: 'Sent', flags: ['\\Seen'] });
    const box = world.alice.inbox;
    const raw = await world.raw();
    await raw.command('L', 'LOGIN alice secret');
    expect(await raw.command('a', 'STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE)')).toBe(
      `* STATUS "INBOX" (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY ${box.uidValidity} UNSEEN 1 HIGHESTMODSEQ ${box.highestModSeq} ` +
        `SIZE ${one.size + two.size})\r\na OK STATUS completed\r\n`,
    );
    expect(await raw.command('b', 'status Sent (size unseen Messages unseen)')).toBe(
      `* STATUS "Sent" (SIZE ${world.alice.mailbox('Sent')!.totalSize} UNSEEN 0 MESSAGES 1)\r\nb OK STATUS completed\r\n`,
    );
  });

  it('counts \\Recent as this session holds it: claimed by its SELECT, gone for everyone else', async () => {
    world = await imapWorld();
    world.deliver('one');
    world.deliver('two');
    const holder = await world.raw();
    await holder.loginAndSelect();
    expect(await holder.command('a', 'STATUS INBOX (RECENT MESSAGES)')).toBe('* STATUS "INBOX" (RECENT 2 MESSAGES 2)\r\na OK STATUS completed\r\n');
    const other = await world.raw();
    await other.command('L', 'LOGIN alice secret');
    expect(await other.command('b', 'STATUS INBOX (RECENT)')).toBe('* STATUS "INBOX" (RECENT 0)\r\nb OK STATUS completed\r\n');
    // A new arrival is announced to the holder first, then counted, so the numbers agree.
    world.deliver('three');
    expect(await holder.command('c', 'STATUS INBOX (RECENT MESSAGES)')).toBe(
      '* 3 EXISTS\r\n* 3 RECENT\r\n* STATUS "INBOX" (RECENT 3 MESSAGES 3)\r\nc OK STATUS completed\r\n',
    );
  });

  it('turns CONDSTORE on with HIGHESTMODSEQ and then tells the selected mailbox its HIGHESTMODSEQ once', async () => {
    world = await imapWorld();
    world.deliver('one');
    const sent = world.alice.mailbox('Sent')!;
    const raw = await world.raw();
    await raw.loginAndSelect();
    const inbox = world.alice.inbox.highestModSeq;
    expect(await raw.command('a', 'STATUS Sent (HIGHESTMODSEQ)')).toBe(
      `* OK [HIGHESTMODSEQ ${inbox}] Highest\r\n* STATUS "Sent" (HIGHESTMODSEQ ${sent.highestModSeq})\r\na OK STATUS completed\r\n`,
    );
    expect(await raw.command('b', 'STATUS Sent (HIGHESTMODSEQ)')).toBe(`* STATUS "Sent" (HIGHESTMODSEQ ${sent.highestModSeq})\r\nb OK STATUS completed\r\n`);
    // CONDSTORE is on: a flag change from elsewhere now carries MODSEQ.
    const [message] = world.alice.inbox.messages;
    world.alice.inbox.setFlags([message!], 'add', ['\\Flagged'], { label: 'other' });
    expect(await raw.command('c', 'NOOP')).toBe(`* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (${message!.modseq}))\r\nc OK NOOP completed\r\n`);
  });

  it('refuses missing and \\Noselect mailboxes and bad item lists, and goes on', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Old/Child');
    world.alice.deleteMailbox('Old', { label: 'test' });
    const raw = await world.raw();
    expect(await raw.command('a', 'STATUS INBOX (MESSAGES)')).toMatch(/^a BAD \[CLIENTBUG\] STATUS is not valid in the not-authenticated state/);
    await raw.command('L', 'LOGIN alice secret');
    expect(await raw.command('b', 'STATUS Nowhere (MESSAGES)')).toBe('b NO [NONEXISTENT] No mailbox named Nowhere\r\n');
    expect(await raw.command('b2', 'STATUS sent (MESSAGES)')).toBe('b2 NO [NONEXISTENT] No mailbox named sent\r\n');
    expect(await raw.command('c', 'STATUS Old (MESSAGES)')).toBe('c NO [CANNOT] Old cannot be selected (\\Noselect), so it has no status\r\n');
    expect(await raw.command('d', 'STATUS INBOX ()')).toMatch(/^d BAD STATUS: empty STATUS item list/);
    expect(await raw.command('e', 'STATUS INBOX (UNDELETED)')).toMatch(/^e BAD STATUS: unknown STATUS item "UNDELETED"/);
    expect(await raw.command('f', 'STATUS INBOX MESSAGES')).toMatch(/^f BAD STATUS: expected a parenthesized list of STATUS items/);
    expect(await raw.command('g', 'STATUS')).toMatch(/^g BAD STATUS: missing a mailbox name/);
    expect(await raw.command('h', 'STATUS Old/Child (MESSAGES)')).toBe('* STATUS "Old/Child" (MESSAGES 0)\r\nh OK STATUS completed\r\n');
  });
});
