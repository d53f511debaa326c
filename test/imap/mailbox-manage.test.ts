import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('L', 'LOGIN alice@example.com secret');
  return raw;
}

const names = (): string[] => world.alice.mailboxes().map((box) => box.name);

describe('CREATE (RFC 3501 6.3.3)', () => {
  it('creates a mailbox with missing parents and a fresh UIDVALIDITY', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'CREATE Work/2024/Q1')).toMatch(/^a OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(names()).toEqual(['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash', 'Work', 'Work/2024', 'Work/2024/Q1']);
    // Different names may share a UIDVALIDITY (RFC 3501 2.3.1.1); a name's own never repeats
    // (test/store/uid-validity.test.ts), and none is older than the account's INBOX.
    for (const box of world.alice.mailboxes()) expect(box.uidValidity).toBeGreaterThanOrEqual(world.alice.inbox.uidValidity);
    expect(world.alice.mailbox('Work/2024/Q1')!.uidNext).toBe(1);
    // A trailing delimiter only announces children (6.3.3): "Later/" creates "Later".
    expect(await raw.command('b', 'CREATE Later/')).toMatch(/^b OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('Later')).toBeDefined();
    expect(await raw.command('c', 'CREATE "Entw&APw-rfe"')).toMatch(/^c OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('Entwürfe')).toBeDefined();
  });

  it('refuses INBOX, existing names and names it cannot hold, with a reason, and goes on', async () => {
    world = await imapWorld();
    const before = names();
    const raw = await loggedIn();
    expect(await raw.command('a', 'CREATE inbox')).toBe('a NO [ALREADYEXISTS] Mailbox INBOX already exists\r\n');
    expect(await raw.command('b', 'CREATE Sent')).toBe('b NO [ALREADYEXISTS] Mailbox Sent already exists\r\n');
    expect(await raw.command('c', 'CREATE Sent/')).toBe('c NO [ALREADYEXISTS] Mailbox Sent already exists\r\n');
    expect(await raw.command('d', 'CREATE "a*b"')).toBe('d NO [CANNOT] Cannot use that name: mailbox name "a*b" contains a wildcard or control character\r\n');
    expect(await raw.command('e', 'CREATE "a//b"')).toBe('e NO [CANNOT] Cannot use that name: mailbox name "a//b" has an empty hierarchy level\r\n');
    expect(await raw.command('f', 'CREATE ""')).toBe('f NO [CANNOT] Cannot use that name: mailbox name is empty\r\n');
    expect(await raw.command('g', 'CREATE')).toMatch(/^g BAD CREATE: missing a mailbox name/);
    expect(await raw.command('h', 'CREATE "Entw&APw"')).toMatch(/^h NO .*unterminated "&" shift/);
    expect(await raw.command('i', 'CREATE x y')).toMatch(/^i BAD CREATE: expected a parameter list such as \(USE \(\\Archive\)\)/);
    for (const [tag, name] of [['k1', '..'], ['k2', 'a/./b'], ['k3', '../etc'], ['k4', 'Work/..']]) {
      expect(await raw.command(tag!, `CREATE "${name}"`)).toBe(`${tag} NO [CANNOT] Cannot use that name: mailbox name "${name}" has a "." or ".." level\r\n`);
    }
    expect(await raw.command('l', 'RENAME Sent "Sent/../x"')).toMatch(/^l NO \[CANNOT\] .*"\." or "\.\." level/);
    expect(await raw.command('m', 'SUBSCRIBE "./x"')).toMatch(/^m NO \[CANNOT\] .*"\." or "\.\." level/);
    expect(await raw.command('n', 'APPEND "../x" {1+}\r\nx')).toBe('n NO [NONEXISTENT] No mailbox named ../x, and that name cannot be created\r\n');
    expect(await raw.command('o', 'CREATE "a.b/.hidden/c.."')).toMatch(/^o OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(names()).toEqual([...before, 'a.b', 'a.b/.hidden', 'a.b/.hidden/c..']);
    expect(await raw.command('j', 'NOOP')).toBe('j OK NOOP completed\r\n');
  });

  it('does not subscribe what it creates, nor the parents it brings into being (RFC 3501 6.3.9)', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'CREATE Work/2024')).toMatch(/^a OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(await raw.command('b', 'LSUB "" Work*')).toBe('b OK LSUB completed\r\n');
    expect(await raw.command('c', 'LIST "" Work* RETURN (SUBSCRIBED)')).toBe(
      '* LIST (\\HasChildren) "/" "Work"\r\n* LIST (\\HasNoChildren) "/" "Work/2024"\r\nc OK LIST completed\r\n',
    );
    expect(await raw.command('d', 'SUBSCRIBE Work/2024')).toBe('d OK SUBSCRIBE completed\r\n');
    expect(await raw.command('e', 'LSUB "" Work*')).toBe('* LSUB () "/" "Work/2024"\r\ne OK LSUB completed\r\n');
  });

  it('takes INBOX in any ASCII case only: the dotless-i "\u0131nbox" (&ATE-nbox) is another mailbox', async () => {
    world = await imapWorld();
    world.deliver('in the inbox');
    const raw = await loggedIn();
    expect(await raw.command('a', 'SELECT "&ATE-nbox"')).toBe('a NO [NONEXISTENT] No mailbox named \\u0131nbox\r\n');
    expect(await raw.command('b', 'CREATE "&ATE-nbox"')).toMatch(/^b OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('\u0131nbox')).not.toBe(world.alice.inbox);
    expect(await raw.command('c', 'LIST "" "&ATE-nbox"')).toBe('* LIST (\\HasNoChildren) "/" "&ATE-nbox"\r\nc OK LIST completed\r\n');
    expect(await raw.command('d', 'SELECT iNbOx')).toContain('* 1 EXISTS');
    expect(await raw.command('e', 'STATUS "&ATE-nbox" (MESSAGES)')).toBe('* STATUS "&ATE-nbox" (MESSAGES 0)\r\ne OK STATUS completed\r\n');
  });

  it('makes a \\Noselect parent a real mailbox again', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Old/Child');
    world.alice.deleteMailbox('Old', { label: 'test' });
    const raw = await loggedIn();
    expect(await raw.command('a', 'CREATE Old')).toMatch(/^a OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(await raw.command('b', 'LIST "" Old')).toBe('* LIST (\\HasChildren) "/" "Old"\r\nb OK LIST completed\r\n');
  });

  it('reads CREATE-SPECIAL-USE (RFC 6154 3)', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'CREATE Everything (USE (\\all))')).toMatch(/^a OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('Everything')!.specialUse).toBe('\\All');
    expect(await raw.command('b', 'LIST "" Everything')).toBe('* LIST (\\HasNoChildren \\All) "/" "Everything"\r\nb OK LIST completed\r\n');
    expect(await raw.command('c', 'CREATE Plain (USE ())')).toMatch(/^c OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('Plain')!.specialUse).toBeUndefined();
    expect(await raw.command('d', 'CREATE Odd (USE (\\Important))')).toMatch(/^d NO \[CANNOT\] Unknown special use "\\Important"; known are \\All \\Archive/);
    expect(await raw.command('e', 'CREATE Two (USE (\\Sent \\Trash))')).toBe('e NO [CANNOT] A mailbox can have only one special use here\r\n');
    expect(await raw.command('f', 'CREATE Other (COLOR (red))')).toBe('f BAD CREATE: unknown parameter COLOR; only USE is supported\r\n');
    expect(world.alice.mailbox('Odd') ?? world.alice.mailbox('Two') ?? world.alice.mailbox('Other')).toBeUndefined();
  });
});

describe('DELETE (RFC 3501 6.3.4)', () => {
  it('deletes a mailbox and its messages; a re-created one has a new UIDVALIDITY', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Work');
    world.deliver('a', { mailbox: 'Work' });
    const oldValidity = world.alice.mailbox('Work')!.uidValidity;
    const raw = await loggedIn();
    expect(await raw.command('a', 'DELETE Work')).toBe('a OK DELETE completed\r\n');
    expect(world.alice.mailbox('Work')).toBeUndefined();
    expect(await raw.command('b', 'CREATE Work')).toMatch(/^b OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(world.alice.mailbox('Work')!.messages).toHaveLength(0);
    expect(world.alice.mailbox('Work')!.uidValidity).toBeGreaterThan(oldValidity);
  });

  it('keeps a parent with children as \\Noselect and refuses to delete it while children remain', async () => {
    world = await imapWorld();
    world.alice.createMailbox('P/C');
    world.deliver('in parent', { mailbox: 'P' });
    const raw = await loggedIn();
    expect(await raw.command('a', 'DELETE P')).toBe('a OK DELETE completed\r\n');
    expect(await raw.command('b', 'LIST "" P*')).toBe('* LIST (\\Noselect \\HasChildren) "/" "P"\r\n* LIST (\\HasNoChildren) "/" "P/C"\r\nb OK LIST completed\r\n');
    expect(await raw.command('c', 'DELETE P')).toBe('c NO [HASCHILDREN] P has child mailboxes; delete them first\r\n');
    expect(await raw.command('d', 'DELETE P/C')).toBe('d OK DELETE completed\r\n');
    expect(await raw.command('e', 'DELETE P')).toBe('e OK DELETE completed\r\n');
    expect(await raw.command('f', 'LIST "" P*')).toBe('f OK LIST completed\r\n');
  });

  it('refuses INBOX and missing mailboxes, and goes on', async () => {
    world = await imapWorld();
    world.deliver('keep');
    const snapshot = world.snapshot();
    const raw = await loggedIn();
    expect(await raw.command('a', 'DELETE inbox')).toBe('a NO [CANNOT] INBOX cannot be deleted\r\n');
    expect(await raw.command('b', 'DELETE Nowhere')).toBe('b NO [NONEXISTENT] No mailbox named Nowhere\r\n');
    expect(await raw.command('c', 'DELETE')).toMatch(/^c BAD DELETE: missing a mailbox name/);
    expect(await raw.command('d', 'DELETE a b')).toMatch(/^d BAD DELETE: unexpected extra argument/);
    expect(world.snapshot()).toBe(snapshot);
    expect(await raw.command('e', 'NOOP')).toBe('e OK NOOP completed\r\n');
  });

  it('leaves the mailbox this session had selected and stays connected', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Work');
    const raw = await world.raw();
    await raw.loginAndSelect('Work');
    expect(await raw.command('a', 'DELETE Work')).toBe('a OK DELETE completed\r\n');
    expect(await raw.command('b', 'CLOSE')).toMatch(/^b BAD \[CLIENTBUG\] CLOSE is not valid in the authenticated state/);
    expect(await raw.command('c', 'NOOP')).toBe('c OK NOOP completed\r\n');
  });

  it('says BYE to another session that has the mailbox selected, at once while it idles', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Work');
    world.alice.createMailbox('Team');
    const idler = await world.raw();
    await idler.loginAndSelect('Work');
    idler.write('I IDLE\r\n');
    await idler.readUntil(/^\+ /m);
    idler.take();
    const poller = await world.raw();
    await poller.loginAndSelect('Team');
    const actor = await world.raw();
    await actor.command('L', 'LOGIN alice secret');
    expect(await actor.command('a', 'DELETE Work')).toBe('a OK DELETE completed\r\n');
    await idler.closedByServer();
    expect(idler.text).toBe('* BYE Selected mailbox was deleted; have to disconnect\r\n');
    expect(await actor.command('b', 'DELETE Team')).toBe('b OK DELETE completed\r\n');
    expect(poller.text).toBe('');
    poller.write('n NOOP\r\n');
    await poller.closedByServer();
    expect(poller.text).toBe('* BYE Selected mailbox was deleted; have to disconnect\r\n');
    expect(await actor.command('c', 'NOOP')).toBe('c OK NOOP completed\r\n');
  });
});

describe('RENAME (RFC 3501 6.3.5)', () => {
  it('renames a mailbox with its children, keeping UIDVALIDITY and messages', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Work/Old');
    const work = world.alice.mailbox('Work')!;
    const validity = work.uidValidity;
    const message = world.deliver('kept', { mailbox: 'Work' });
    const raw = await loggedIn();
    expect(await raw.command('a', 'RENAME Work Archive/Work')).toBe('a OK RENAME completed\r\n');
    expect(names()).toEqual(['INBOX', 'Archive', 'Archive/Work', 'Archive/Work/Old', 'Drafts', 'Junk', 'Sent', 'Trash']);
    expect(world.alice.mailbox('Archive/Work')).toBe(work);
    expect(work.messages).toEqual([message]);
    expect(await raw.command('s', 'STATUS Archive/Work (UIDVALIDITY MESSAGES)')).toBe(
      `* STATUS "Archive/Work" (UIDVALIDITY ${validity} MESSAGES 1)\r\ns OK STATUS completed\r\n`,
    );
    expect(await raw.command('b', 'LIST "" Archive*')).toBe(
      '* LIST (\\HasChildren \\Archive) "/" "Archive"\r\n* LIST (\\HasChildren) "/" "Archive/Work"\r\n* LIST (\\HasNoChildren) "/" "Archive/Work/Old"\r\nb OK LIST completed\r\n',
    );
  });

  it('moves INBOX messages to the new mailbox and leaves INBOX empty', async () => {
    world = await imapWorld();
    world.deliver('one', { flags: ['\\Seen'] });
    world.deliver('two');
    const raw = await loggedIn();
    expect(await raw.command('a', 'RENAME INBOX "Old Mail"')).toBe('a OK RENAME completed\r\n');
    expect(world.alice.inbox.messages).toHaveLength(0);
    const moved = world.alice.mailbox('Old Mail')!;
    expect(moved.messages.map((m) => [m.flags, m.raw.toString()])).toEqual([
      [['\\Seen'], expect.stringContaining('Subject: one')],
      [[], expect.stringContaining('Subject: two')],
    ]);
  });

  it('refuses missing sources, taken or impossible targets, with a reason', async () => {
    world = await imapWorld();
    world.alice.createMailbox('A/B');
    world.alice.createMailbox('Old/Child');
    world.alice.deleteMailbox('Old', { label: 'test' });
    const before = names();
    const raw = await loggedIn();
    expect(await raw.command('a', 'RENAME Nowhere Else')).toBe('a NO [NONEXISTENT] No mailbox named Nowhere\r\n');
    expect(await raw.command('b', 'RENAME A Sent')).toBe('b NO [ALREADYEXISTS] Mailbox Sent already exists\r\n');
    expect(await raw.command('c', 'RENAME A A')).toBe('c NO [ALREADYEXISTS] Mailbox A already exists\r\n');
    expect(await raw.command('d', 'RENAME A A/B/C')).toBe('d NO [CANNOT] cannot rename A into itself\r\n');
    expect(await raw.command('e', 'RENAME A "x%"')).toBe('e NO [CANNOT] Cannot use that name: mailbox name "x%" contains a wildcard or control character\r\n');
    expect(await raw.command('f', 'RENAME Old New')).toBe('f NO [CANNOT] Old is only a \\Noselect parent and cannot be renamed\r\n');
    expect(await raw.command('g', 'RENAME A Old')).toBe('g NO [ALREADYEXISTS] Mailbox Old already exists\r\n');
    expect(await raw.command('h', 'RENAME A')).toMatch(/^h BAD RENAME: missing the new mailbox name/);
    expect(names()).toEqual(before);
  });

  it('lets another session keep working in the mailbox it had selected', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Work');
    world.deliver('first', { mailbox: 'Work' });
    const other = await world.raw();
    await other.loginAndSelect('Work');
    const actor = await loggedIn();
    expect(await actor.command('a', 'RENAME Work Projects')).toBe('a OK RENAME completed\r\n');
    expect(await other.command('b', 'NOOP')).toBe('b OK NOOP completed\r\n');
    world.deliver('second', { mailbox: 'Projects' });
    expect(await other.command('c', 'NOOP')).toBe('* 2 EXISTS\r\n* 2 RECENT\r\nc OK NOOP completed\r\n');
  });
});

describe('SUBSCRIBE / UNSUBSCRIBE (RFC 3501 6.3.6-6.3.7)', () => {
  it('changes what LSUB and LIST (SUBSCRIBED) report', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'UNSUBSCRIBE Junk')).toBe('a OK UNSUBSCRIBE completed\r\n');
    expect(world.alice.isSubscribed('Junk')).toBe(false);
    expect(await raw.command('b', 'LSUB "" J*')).toBe('b OK LSUB completed\r\n');
    expect(await raw.command('c', 'LIST "" Junk RETURN (SUBSCRIBED)')).toBe('* LIST (\\HasNoChildren \\Junk) "/" "Junk"\r\nc OK LIST completed\r\n');
    expect(await raw.command('d', 'UNSUBSCRIBE Junk')).toBe('d OK UNSUBSCRIBE completed\r\n');
    expect(await raw.command('e', 'SUBSCRIBE Junk')).toBe('e OK SUBSCRIBE completed\r\n');
    expect(await raw.command('f', 'LSUB "" J*')).toBe('* LSUB () "/" "Junk"\r\nf OK LSUB completed\r\n');
  });

  it('keeps a subscription through DELETE and hands it to a mailbox created or renamed to that name', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Team');
    world.alice.subscribe('Team');
    world.alice.createMailbox('Spare');
    const raw = await loggedIn();
    expect(await raw.command('a', 'DELETE Team')).toBe('a OK DELETE completed\r\n');
    expect(await raw.command('b', 'LIST (SUBSCRIBED) "" Team')).toBe('* LIST (\\NonExistent \\Subscribed) "/" "Team"\r\nb OK LIST completed\r\n');
    expect(await raw.command('c', 'RENAME Spare Team')).toBe('c OK RENAME completed\r\n');
    expect(await raw.command('d', 'LIST "" Team RETURN (SUBSCRIBED)')).toBe('* LIST (\\HasNoChildren \\Subscribed) "/" "Team"\r\nd OK LIST completed\r\n');
    // Moving away again leaves nothing behind under the old name.
    expect(await raw.command('e', 'RENAME Team Group')).toBe('e OK RENAME completed\r\n');
    expect(await raw.command('f', 'LSUB "" *')).toContain('* LSUB () "/" "Group"\r\n');
    expect(await raw.command('g', 'LSUB "" Team')).toBe('g OK LSUB completed\r\n');
    // A parent that CREATE brings into being takes its name's subscription too.
    await raw.command('h', 'SUBSCRIBE Parent');
    expect(await raw.command('i', 'CREATE Parent/Child')).toMatch(/^i OK \[MAILBOXID \(F\d+\)\] CREATE completed\r\n$/);
    expect(await raw.command('j', 'RENAME Parent Moved')).toBe('j OK RENAME completed\r\n');
    expect(await raw.command('k', 'LIST (SUBSCRIBED) "" *')).not.toContain('Parent');
    expect(await raw.command('l', 'LIST "" Moved RETURN (SUBSCRIBED)')).toBe('* LIST (\\HasChildren \\Subscribed) "/" "Moved"\r\nl OK LIST completed\r\n');
  });

  it('subscribes names without a mailbox, and refuses what cannot be a name or is not subscribed', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    expect(await raw.command('a', 'SUBSCRIBE Future/Plans')).toBe('a OK SUBSCRIBE completed\r\n');
    expect(await raw.command('b', 'LSUB "" Future/*')).toBe('* LSUB (\\Noselect) "/" "Future/Plans"\r\nb OK LSUB completed\r\n');
    expect(await raw.command('c', 'UNSUBSCRIBE Future/Plans')).toBe('c OK UNSUBSCRIBE completed\r\n');
    expect(await raw.command('d', 'UNSUBSCRIBE Future/Plans')).toBe('d NO [NONEXISTENT] Future/Plans is not subscribed\r\n');
    expect(await raw.command('e', 'SUBSCRIBE "*"')).toBe('e NO [CANNOT] Cannot use that name: mailbox name "*" contains a wildcard or control character\r\n');
    expect(await raw.command('f', 'SUBSCRIBE')).toMatch(/^f BAD SUBSCRIBE: missing a mailbox name/);
    expect(await raw.command('g', 'NOOP')).toBe('g OK NOOP completed\r\n');
  });
});
