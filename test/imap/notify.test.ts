import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
beforeEach(async () => {
  world = await imapWorld();
  world.alice.createMailbox('Work/Plans');
});
afterEach(async () => world.close());

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('l', 'LOGIN alice secret');
  return raw;
}

const status = (name: string, extra = ''): string => {
  const box = world.alice.mailbox(name)!;
  return `* STATUS "${name}" (MESSAGES ${box.messages.length} UIDNEXT ${box.uidNext} UIDVALIDITY ${box.uidValidity} UNSEEN ${box.countWithout('\\Seen')}${extra})\r\n`;
};

describe('NOTIFY (RFC 5465)', () => {
  it('pushes STATUS of other mailboxes as messages arrive and leave, without a command', async () => {
    const raw = await loggedIn();
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('n', 'NOTIFY SET (selected (MessageNew MessageExpunge)) (personal (MessageNew MessageExpunge))')).toBe('n OK NOTIFY completed\r\n');
    world.deliver('filed', { mailbox: 'Archive' });
    expect(await raw.readUntil(/STATUS "Archive".*\r\n/)).toBe(status('Archive'));
    raw.take();
    // The selected mailbox is told as usual, with the next command.
    world.deliver('new');
    expect(await raw.command('x', 'NOOP')).toBe('* 1 EXISTS\r\n* 1 RECENT\r\nx OK NOOP completed\r\n');
    world.alice.mailbox('Archive')!.expunge([...world.alice.mailbox('Archive')!.messages], { label: 'test' });
    expect(await raw.readUntil(/STATUS "Archive".*\r\n/)).toBe(status('Archive'));
  });

  it('NOTIFY SET STATUS answers for every mailbox named at once; FlagChange only when asked', async () => {
    world.deliver('w', { mailbox: 'Work/Plans' });
    const raw = await loggedIn();
    expect(await raw.command('n', 'NOTIFY SET STATUS (subtree Work (MessageNew MessageExpunge)) (mailboxes (Sent) (MessageNew MessageExpunge FlagChange))')).toBe(
      status('Sent') + status('Work') + status('Work/Plans') + 'n OK NOTIFY completed\r\n',
    );
    const plans = world.alice.mailbox('Work/Plans')!;
    plans.setFlags(plans.messages, 'add', ['\\Seen'], { label: 'test' });
    world.deliver('sent', { mailbox: 'Sent' });
    const sent = world.alice.mailbox('Sent')!;
    sent.setFlags(sent.messages, 'add', ['\\Seen'], { label: 'test' });
    // One STATUS for Sent (two changes in one turn), none for the flag change in Work/Plans.
    raw.take();
    raw.write('z NOOP\r\n');
    expect(await raw.readUntil(/^z OK/m)).toBe(status('Sent') + 'z OK NOOP completed\r\n');
  });

  it('carries HIGHESTMODSEQ once CONDSTORE is on; NOTIFY NONE and UNAUTHENTICATE stop it', async () => {
    const raw = await loggedIn();
    await raw.command('e', 'ENABLE CONDSTORE');
    await raw.command('n', 'NOTIFY SET (inboxes (MessageNew MessageExpunge))');
    world.deliver('one');
    expect(await raw.readUntil(/STATUS "INBOX".*\r\n/)).toBe(status('INBOX', ` HIGHESTMODSEQ ${world.alice.inbox.highestModSeq}`));
    raw.take();
    await raw.command('o', 'NOTIFY NONE');
    world.deliver('two');
    expect(await raw.command('p', 'NOOP')).toBe('p OK NOOP completed\r\n');
    await raw.command('q', 'NOTIFY SET (inboxes (MessageNew MessageExpunge))');
    await raw.command('u', 'UNAUTHENTICATE');
    world.deliver('three');
    expect(await raw.command('r', 'NOOP')).toBe('r OK NOOP completed\r\n');
  });

  it('refuses what it cannot send and what the RFC forbids', async () => {
    const raw = await loggedIn();
    expect(await raw.command('a', 'NOTIFY SET (personal (MailboxName))')).toBe('a NO [BADEVENT (MessageNew MessageExpunge FlagChange)] NOTIFY: this server cannot send MailboxName\r\n');
    expect(await raw.command('b', 'NOTIFY SET (personal (MessageNew))')).toBe('b BAD NOTIFY: MessageNew and MessageExpunge must be asked for together\r\n');
    expect(await raw.command('c', 'NOTIFY SET (personal (FlagChange))')).toBe('c BAD NOTIFY: FlagChange needs MessageNew and MessageExpunge\r\n');
    expect(await raw.command('d', 'NOTIFY SET (everywhere (MessageNew MessageExpunge))')).toBe('d BAD NOTIFY: unknown mailbox filter "everywhere"\r\n');
    expect(await raw.command('e', 'NOTIFY')).toBe('e BAD NOTIFY: missing NONE or SET (argument 1)\r\n');
    expect(await raw.command('f', 'NOTIFY SET (personal NONE)')).toBe('f OK NOTIFY completed\r\n');
  });
});
