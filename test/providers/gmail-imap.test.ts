import { describe, expect, it } from 'vitest';
import { LineSocket, plainConnect } from '../tls/helpers.js';
import { ALICE, folders, providerFixture } from './helpers.js';

const fixture = providerFixture('gmail');
const ALL = '[Gmail]/All Mail';

describe('Gmail: labels are folders', () => {
  it('LIST shows Google\'s folders with their special use, [Gmail] as \\Noselect, as in Google\'s transcript', async () => {
    const { server } = await fixture.start();
    const lines = new LineSocket(await plainConnect(server.ports.imap!));
    await lines.next();
    lines.send(`a LOGIN ${ALICE} secret\r\nb LIST "" "*"\r\n`);
    await lines.until('a ');
    const listed = (await lines.until('b ')).slice(0, -1);
    expect(listed).toEqual([
      '* LIST (\\HasNoChildren) "/" "INBOX"',
      '* LIST (\\Noselect \\HasChildren) "/" "[Gmail]"',
      '* LIST (\\HasNoChildren \\All) "/" "[Gmail]/All Mail"',
      '* LIST (\\HasNoChildren \\Drafts) "/" "[Gmail]/Drafts"',
      '* LIST (\\HasNoChildren \\Important) "/" "[Gmail]/Important"',
      '* LIST (\\HasNoChildren \\Sent) "/" "[Gmail]/Sent Mail"',
      '* LIST (\\HasNoChildren \\Junk) "/" "[Gmail]/Spam"',
      '* LIST (\\HasNoChildren \\Flagged) "/" "[Gmail]/Starred"',
      '* LIST (\\HasNoChildren \\Trash) "/" "[Gmail]/Trash"',
    ]);
    lines.socket.end();
  });

  it('a delivered message is in INBOX and All Mail, with a UID of each folder\'s own', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'One' });
    await server.deliver({ to: ALICE, subject: 'Two' });
    expect(await folders(server)).toMatchObject({ INBOX: ['One', 'Two'], [ALL]: ['One', 'Two'], '[Gmail]/Trash': [] });
    const client = await fixture.imap(server);
    await client.mailboxCreate('Work');
    await client.mailboxOpen('INBOX');
    await client.messageCopy('2', 'Work');
    const inWork = await client.status('Work', { messages: true, uidNext: true });
    expect(inWork).toMatchObject({ messages: 1, uidNext: 2 });
    // Work's copy has Work's UID 1; in INBOX and All Mail it is UID 2.
    await client.mailboxOpen('Work');
    expect((await client.fetchOne('1', { uid: true, envelope: true }))).toMatchObject({ uid: 1, envelope: { subject: 'Two' } });
    expect((await folders(server))[ALL]).toEqual(['One', 'Two']);
  });

  it('a flag set in one folder shows in every folder holding the message, pushed to a session idling there; \\Flagged is Starred', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Star me' });
    const watcher = await fixture.imap(server);
    await watcher.mailboxOpen(ALL);
    const pushed = new Promise<{ flags: Set<string> }>((resolve) => watcher.on('flags', (event: { flags: Set<string> }) => resolve(event)));
    const idle = watcher.idle();
    const client = await fixture.imap(server);
    await client.mailboxOpen('INBOX');
    await client.messageFlagsAdd('1', ['\\Seen', '\\Flagged']);
    expect([...(await pushed).flags].filter((f) => f !== '\\Recent').sort()).toEqual(['\\Flagged', '\\Seen']);
    await watcher.noop();
    await idle;
    expect(await folders(server)).toMatchObject({ '[Gmail]/Starred': ['Star me'] });
    const starred = await server.messages(ALICE, '[Gmail]/Starred');
    expect(starred[0]!.flags).toEqual(expect.arrayContaining(['\\Flagged', '\\Seen']));
    await client.messageFlagsRemove('1', ['\\Flagged']);
    expect((await folders(server))['[Gmail]/Starred']).toEqual([]);
    expect((await server.messages(ALICE, ALL))[0]!.flags).toEqual(['\\Seen']);
  });

  it('copying into Starred stars it; deleting it from Starred takes the star away', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Later' });
    const client = await fixture.imap(server);
    await client.mailboxOpen('INBOX');
    await client.messageCopy('1', '[Gmail]/Starred');
    expect((await server.messages(ALICE))[0]!.flags).toContain('\\Flagged');
    await client.mailboxOpen('[Gmail]/Starred');
    await client.messageDelete('1');
    expect((await server.messages(ALICE))[0]!.flags).not.toContain('\\Flagged');
    expect(await folders(server)).toMatchObject({ INBOX: ['Later'], [ALL]: ['Later'], '[Gmail]/Starred': [] });
  });

  it('copying twice into the same label is one copy: COPYUID names the UID it already has', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Once' });
    const client = await fixture.imap(server);
    await client.mailboxCreate('Work');
    await client.mailboxOpen('INBOX');
    const first = await client.messageCopy('1', 'Work');
    const second = await client.messageCopy('1', 'Work');
    expect(first && [...first.uidMap!.values()]).toEqual([1]);
    expect(second && [...second.uidMap!.values()]).toEqual([1]);
    expect((await folders(server)).Work).toEqual(['Once']);
  });
});

describe('Gmail: deleting and moving (ImapSettings)', () => {
  it('by default (auto-expunge on, archive) deleting in INBOX removes only the Inbox label: the message stays in All Mail', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Old news' });
    const client = await fixture.imap(server);
    await client.mailboxOpen('INBOX');
    const expunged = new Promise<void>((resolve) => client.on('expunge', () => resolve()));
    // Only \Deleted, no EXPUNGE: auto-expunge removes it at once, and the next command reports it.
    await client.messageFlagsAdd('1', ['\\Deleted']);
    await client.noop();
    await expunged;
    expect(await folders(server)).toMatchObject({ INBOX: [], [ALL]: ['Old news'], '[Gmail]/Trash': [] });
    // \Deleted marked the INBOX copy only.
    expect((await server.messages(ALICE, ALL))[0]!.flags).not.toContain('\\Deleted');
  });

  it('with auto-expunge off, \\Deleted waits for the client\'s EXPUNGE', async () => {
    const { server } = await fixture.start({ autoExpunge: false });
    await server.deliver({ to: ALICE, subject: 'Wait' });
    const client = await fixture.imap(server);
    await client.mailboxOpen('INBOX');
    await client.messageFlagsAdd('1', ['\\Deleted']);
    await client.noop();
    expect((await folders(server)).INBOX).toEqual(['Wait']);
    await client.mailboxClose();
    expect(await folders(server)).toMatchObject({ INBOX: [], [ALL]: ['Wait'] });
  });

  it('a message with another label only loses the Inbox label; from its last visible folder expungeBehavior decides', async () => {
    const { server } = await fixture.start({ expungeBehavior: 'trash' });
    await server.deliver({ to: ALICE, subject: 'Filed' });
    await server.deliver({ to: ALICE, subject: 'Loose' });
    const client = await fixture.imap(server);
    await client.mailboxCreate('Work');
    await client.mailboxOpen('INBOX');
    await client.messageCopy('1', 'Work');
    await client.messageDelete('1:2');
    expect(await folders(server)).toMatchObject({ INBOX: [], Work: ['Filed'], [ALL]: ['Filed'], '[Gmail]/Trash': ['Loose'] });
  });

  it('expungeBehavior deleteForever removes it from All Mail too', async () => {
    const { server } = await fixture.start({ expungeBehavior: 'deleteForever' });
    await server.deliver({ to: ALICE, subject: 'Gone' });
    const client = await fixture.imap(server);
    await client.mailboxOpen('INBOX');
    await client.messageDelete('1');
    expect(await folders(server)).toMatchObject({ INBOX: [], [ALL]: [], '[Gmail]/Trash': [] });
  });

  it('MOVE between labels: out of INBOX into Work, still in All Mail; MOVE out of All Mail adds a label and leaves it there', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Project' });
    await server.deliver({ to: ALICE, subject: 'Receipt' });
    const client = await fixture.imap(server);
    await client.mailboxCreate('Work');
    await client.mailboxCreate('Receipts');
    await client.mailboxOpen('INBOX');
    await client.messageMove('1', 'Work');
    await client.mailboxOpen(ALL);
    await client.messageMove('2', 'Receipts');
    expect(await folders(server)).toMatchObject({ INBOX: ['Receipt'], Work: ['Project'], Receipts: ['Receipt'], [ALL]: ['Project', 'Receipt'] });
  });

  it('MOVE to [Gmail]/Trash takes it out of every folder; deleting it from Trash deletes it for good; copying it out of Trash restores it', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Bin me' });
    await server.deliver({ to: ALICE, subject: 'Bring me back' });
    const client = await fixture.imap(server);
    await client.mailboxCreate('Work');
    await client.mailboxOpen('INBOX');
    await client.messageCopy('1', 'Work');
    await client.messageMove('1:2', '[Gmail]/Trash');
    expect(await folders(server)).toMatchObject({ INBOX: [], Work: [], [ALL]: [], '[Gmail]/Trash': ['Bin me', 'Bring me back'] });
    await client.mailboxOpen('[Gmail]/Trash');
    await client.messageMove('2', 'INBOX');
    await client.messageDelete('1');
    expect(await folders(server)).toMatchObject({ INBOX: ['Bring me back'], [ALL]: ['Bring me back'], '[Gmail]/Trash': [] });
  });

  it('deleting from All Mail moves the message to Trash (Google\'s older table)', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Everywhere' });
    const client = await fixture.imap(server);
    await client.mailboxOpen(ALL);
    await client.messageDelete('1');
    expect(await folders(server)).toMatchObject({ INBOX: [], [ALL]: [], '[Gmail]/Trash': ['Everywhere'] });
  });
});

describe('Gmail: sent mail', () => {
  it('what the account submits over SMTP is filed in [Gmail]/Sent Mail (and All Mail) by the server, read', async () => {
    const { server } = await fixture.start();
    const nodemailer = (await import('nodemailer')).default;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtp!, secure: false, ignoreTLS: true, auth: { user: ALICE, pass: 'secret' } });
    await transport.sendMail({ from: ALICE, to: 'bob@example.org', subject: 'Hello Bob', text: 'hi' });
    transport.close();
    expect(await folders(server)).toMatchObject({ INBOX: [], '[Gmail]/Sent Mail': ['Hello Bob'], [ALL]: ['Hello Bob'] });
    expect((await server.messages(ALICE, '[Gmail]/Sent Mail'))[0]!.flags).toEqual(['\\Seen']);
  });
});
