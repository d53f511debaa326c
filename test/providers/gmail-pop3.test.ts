import { describe, expect, it } from 'vitest';
import { Pop3Client, Pop3Error } from '../../src/pop3/index.js';
import type { RunningServer } from '../../src/server/start.js';
import { ALICE, folders, providerFixture } from './helpers.js';

const fixture = providerFixture('gmail');
const ALL = '[Gmail]/All Mail';
const DAY = 86_400_000;

async function pop(server: RunningServer, user = ALICE): Promise<Pop3Client> {
  const client = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3! });
  await client.login(user, 'secret');
  return client;
}

/** A client that leaves mail on the server: downloads everything listed, never DELEs, QUITs. */
async function check(server: RunningServer, user = ALICE): Promise<string[]> {
  const client = await pop(server, user);
  const subjects: string[] = [];
  for (const { number } of await client.uidl()) subjects.push(/^Subject: (.*)$/m.exec((await client.retr(number)).toString())?.[1] ?? '');
  await client.quit();
  return subjects;
}

describe('Gmail POP (PopSettings, "How does POP work in Gmail?")', () => {
  it('offers each message once per account: after one client downloads it and QUITs, no POP client is offered it again', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Hello' });
    expect(await check(server)).toEqual(['Hello']);
    // A second device with "leave a copy on the server" gets nothing: the message is popped.
    expect(await check(server)).toEqual([]);
    // Yet it is still on the server (leaveInInbox): in INBOX, unread.
    expect(await folders(server)).toMatchObject({ INBOX: ['Hello'], [ALL]: ['Hello'] });
    expect((await server.messages(ALICE))[0]!.flags).toEqual([]);
  });

  it('a session dropped without QUIT marks nothing popped; TOP does not count as a download', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Again' });
    const dropped = await pop(server);
    await dropped.retr(1);
    dropped.destroy();
    const peeking = await pop(server);
    await peeking.top(1, 0);
    await peeking.quit();
    expect(await check(server)).toEqual(['Again']);
  });

  it('lists All Mail, not only INBOX: archived and labelled mail too, never Spam or Trash', async () => {
    const { server } = await fixture.start();
    for (const subject of ['Inbox', 'Archived', 'Binned', 'Junk']) await server.deliver({ to: ALICE, subject });
    const imap = await fixture.imap(server);
    await imap.mailboxOpen('INBOX');
    await imap.messageDelete('2', { uid: true }); // archive: only the Inbox label goes
    await imap.messageMove('3', '[Gmail]/Trash', { uid: true });
    await imap.messageMove('4', '[Gmail]/Spam', { uid: true });
    expect(await check(server)).toEqual(['Inbox', 'Archived']);
  });

  it('normal mode lists the oldest 250 conversations not yet popped; the next session the rest', async () => {
    const { server } = await fixture.start();
    const store = server.store.account(ALICE)!;
    for (let i = 1; i <= 260; i++) store.inbox.append(Buffer.from(`Message-ID: <${i}@test>\r\nSubject: m${i}\r\n\r\nx\r\n`), { label: 'test' });
    const first = await check(server);
    expect(first).toHaveLength(250);
    expect(first[0]).toBe('m1');
    expect(await check(server)).toEqual(Array.from({ length: 10 }, (_, i) => `m${251 + i}`));
  });

  it('a conversation counts once toward the 250: its replies come with it', async () => {
    const { server } = await fixture.start();
    const store = server.store.account(ALICE)!;
    const raw = (id: string, subject: string, refs = ''): Buffer => Buffer.from(`Message-ID: <${id}@test>\r\n${refs}Subject: ${subject}\r\n\r\nx\r\n`);
    // 249 one-message conversations, then a conversation of two, then one more: 252 messages,
    // 251 conversations; the first session gets the 250 oldest conversations, i.e. 251 messages.
    for (let i = 1; i <= 249; i++) store.inbox.append(raw(`m${i}`, `m${i}`), { label: 'test' });
    store.inbox.append(raw('a', 'Plan'), { label: 'test' });
    store.inbox.append(raw('c', 'Other'), { label: 'test' });
    store.inbox.append(raw('b', 'Re: Plan', 'In-Reply-To: <a@test>\r\nReferences: <a@test>\r\n'), { label: 'test' });
    const first = await check(server);
    expect(first).toHaveLength(251);
    expect(first.slice(-2)).toEqual(['Plan', 'Re: Plan']);
    expect(await check(server)).toEqual(['Other']);
  });

  it('recent mode ("recent:" before the address) lists the last 30 days of All Mail, popped or not', async () => {
    const { server, clock } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Old' });
    await clock.advance(20 * DAY);
    await server.deliver({ to: ALICE, subject: 'New' });
    expect(await check(server)).toEqual(['Old', 'New']);
    await clock.advance(15 * DAY);
    expect(await check(server)).toEqual([]);
    expect(await check(server, `recent:${ALICE}`)).toEqual(['New']);
    expect(await check(server, `recent:${ALICE}`)).toEqual(['New']);
  });

  it('"recent:" is not a prefix on a standard account', async () => {
    const { startServer } = await import('../../src/server/start.js');
    const server = await startServer({ users: [{ user: 'bob@example.com', password: 'secret' }] });
    try {
      const error = await pop(server, 'recent:bob@example.com').then(
        () => undefined,
        (e: unknown) => e as Pop3Error,
      );
      expect(error?.respCode).toBe('AUTH');
    } finally {
      await server.close();
    }
  });

  it('DELE does not delete: the disposition setting decides what happens to a downloaded message', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Keep me' });
    const client = await pop(server);
    await client.retr(1);
    await client.dele(1);
    await client.quit();
    expect(await folders(server)).toMatchObject({ INBOX: ['Keep me'], [ALL]: ['Keep me'], '[Gmail]/Trash': [] });
  });

  for (const [disposition, expected, flags] of [
    ['markRead', { INBOX: ['Fetched'], [ALL]: ['Fetched'] }, ['\\Seen']],
    ['archive', { INBOX: [], [ALL]: ['Fetched'] }, []],
    ['trash', { INBOX: [], [ALL]: [], '[Gmail]/Trash': ['Fetched'] }, []],
  ] as const) {
    it(`disposition ${disposition}: applied at QUIT to what was downloaded`, async () => {
      const { server } = await fixture.start({ disposition });
      await server.deliver({ to: ALICE, subject: 'Fetched' });
      await server.deliver({ to: ALICE, subject: 'Not fetched' });
      const client = await pop(server);
      await client.retr(1);
      await client.quit();
      const now = await folders(server);
      for (const [folder, subjects] of Object.entries(expected)) expect(now[folder]!.filter((s) => s === 'Fetched')).toEqual(subjects);
      expect(now.INBOX).toContain('Not fetched');
      const anywhere = Object.values(await folders(server)).flat();
      expect(anywhere).toContain('Not fetched');
      if (disposition === 'markRead') expect((await server.messages(ALICE))[0]!.flags).toEqual(flags);
    });
  }

  it('accessWindow disabled refuses POP after a correct password, with [SYS/PERM]', async () => {
    const { server } = await fixture.start({ accessWindow: 'disabled' });
    const error = await pop(server).then(
      () => undefined,
      (e: unknown) => e as Pop3Error,
    );
    expect(error?.respCode).toBe('SYS/PERM');
    expect(error?.response).toMatch(/POP is disabled for this account/);
  });

  it('accessWindow fromNowOn offers only mail that arrived after it was set', async () => {
    const { server, clock } = await fixture.start({ accessWindow: 'fromNowOn' });
    const inbox = server.store.account(ALICE)!.inbox;
    inbox.append(Buffer.from('Subject: Before\r\n\r\nx\r\n'), { label: 'test' }, { internalDate: clock.now() - DAY });
    await server.deliver({ to: ALICE, subject: 'After' });
    expect(await check(server)).toEqual(['After']);
  });

  it('mail the account sends from a client is pre-marked popped: normal mode never offers it, recent mode does', async () => {
    const { server } = await fixture.start();
    const nodemailer = (await import('nodemailer')).default;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtp!, secure: false, ignoreTLS: true, auth: { user: ALICE, pass: 'secret' } });
    await transport.sendMail({ from: ALICE, to: 'bob@example.org', subject: 'Sent by me', text: 'hi' });
    transport.close();
    expect(await check(server)).toEqual([]);
    expect(await check(server, `recent:${ALICE}`)).toEqual(['Sent by me']);
  });

  it('UIDLs are Gmail\'s message ids: the same in normal and recent mode', async () => {
    const { server } = await fixture.start();
    await server.deliver({ to: ALICE, subject: 'Id' });
    const normal = await pop(server);
    const [a] = await normal.uidl();
    await normal.quit();
    const recent = await pop(server, `recent:${ALICE}`);
    const [b] = await recent.uidl();
    await recent.quit();
    expect(a!.uid).toMatch(/^GmailId\d+$/);
    expect(b!.uid).toBe(a!.uid);
  });
});
