import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/client/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { StoreError } from '../../src/store/errors.js';

const T0 = Date.UTC(2024, 2, 4, 9, 30, 0);
const fixedClock = { now: () => T0 };

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function imapClient(port: number, user = 'alice', pass = 'secret'): ImapFlow {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, logger: false, disableAutoIdle: true, auth: { user, pass } });
  client.on('error', () => undefined);
  return client;
}

describe('startServer', () => {
  it('starts every protocol on a free port with no accounts unless asked', async () => {
    server = await startServer();
    expect(Object.keys(server.ports).sort()).toEqual(['imap', 'pop3', 'smtp']);
    for (const port of Object.values(server.ports)) expect(port).toBeGreaterThan(0);
    expect(server.host).toBe('127.0.0.1');
    expect(server.store.accounts()).toEqual([]);
  });

  it('turns a bare user name into name@mailsim.test, for options and addUser alike', async () => {
    server = await startServer({ users: [{ user: 'alice', password: 'secret' }, { user: 'carol@example.org', password: 'pw' }] });
    expect(server.addUser('bob', 'secret')).toBe('bob@mailsim.test');
    expect(server.store.accounts().map((a) => a.address)).toEqual(['alice@mailsim.test', 'bob@mailsim.test', 'carol@example.org']);
    expect(() => server!.addUser('alice', 'again')).toThrow(StoreError);
  });

  it('delivers over SMTP and lists the message with decoded headers, flags, date and size', async () => {
    server = await startServer({ users: [{ user: 'alice', password: 'secret' }], clock: fixedClock });
    const delivery = await server.deliver({ from: 'Bob <bob@example.com>', to: 'alice', subject: 'Grüße', text: 'Hello Alice\n' });
    expect(delivery.accepted).toEqual(['alice@mailsim.test']);
    const [message, ...rest] = await server.messages('alice@mailsim.test');
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ uid: 1, messageId: delivery.messageId, subject: 'Grüße', from: 'Bob <bob@example.com>', text: 'Hello Alice\n', flags: [] });
    expect(message!.internalDate).toEqual(new Date(T0));
    // Size counts the stored bytes, Received headers included: proof it came through SMTP.
    const stored = server.store.account('alice@mailsim.test')!.inbox.messages[0]!;
    expect(message!.size).toBe(stored.size);
    expect(stored.raw.toString()).toMatch(/^Return-Path: <bob@example\.com>\r\nReceived: from sender\.mailsim\.test/);
  });

  it('sends a raw message as is and rejects a delivery to an unknown recipient', async () => {
    server = await startServer({ users: [{ user: 'alice', password: 'secret' }] });
    const raw = 'From: x@example.org\r\nTo: alice@mailsim.test\r\nSubject: Raw one\r\nMessage-ID: <raw.1@example.org>\r\n\r\nbody\r\n';
    await server.deliver({ to: 'alice', raw });
    expect((await server.messages('alice')).map((m) => [m.subject, m.messageId])).toEqual([['Raw one', '<raw.1@example.org>']]);
    await expect(server.deliver({ to: 'nobody@mailsim.test', subject: 'x' })).rejects.toThrow(/nobody@mailsim\.test/);
    await expect(server.deliver({ to: ['alice', 'nobody@mailsim.test'], subject: 'half' })).rejects.toThrow(/refused nobody@mailsim\.test/);
  });

  it('lists mailboxes with counts, and sees flags a real IMAP client sets', async () => {
    server = await startServer({ users: [{ user: 'alice', password: 'secret' }] });
    await server.deliver({ to: 'alice', subject: 'one' });
    await server.deliver({ to: 'alice', subject: 'two' });
    const client = imapClient(server.ports.imap!);
    await client.connect();
    await client.mailboxOpen('INBOX');
    await client.messageFlagsAdd({ uid: '1' }, ['\\Seen', '\\Flagged'], { uid: true });
    await client.logout();
    const inbox = server.mailboxes('alice').find((m) => m.name === 'INBOX');
    expect(inbox).toMatchObject({ messages: 2, unseen: 1, uidNext: 3 });
    expect(server.mailboxes('alice').map((m) => m.name)).toEqual(['INBOX', 'Archive', 'Drafts', 'Junk', 'Sent', 'Trash']);
    expect((await server.messages('alice')).map((m) => m.flags)).toEqual([['\\Flagged', '\\Seen'], []]);
    expect(() => server!.mailboxes('nobody')).toThrow(/no account "nobody"/);
    await expect(server.messages('alice', 'Nope')).rejects.toThrow(/has no mailbox "Nope"/);
  });

  it('keeps a transcript per connection with the password masked', async () => {
    server = await startServer({ users: [{ user: 'alice', password: 'hunter2' }] });
    await server.deliver({ to: 'alice', subject: 'hi' });
    const pop3 = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3! });
    await pop3.login('alice', 'hunter2');
    expect((await pop3.retr(1)).toString()).toContain('Subject: hi');
    await pop3.quit();
    const transcripts = server.transcripts();
    expect(transcripts.map((t) => `${t.protocol}#${t.connection}`)).toEqual(['smtp#1', 'pop3#1']);
    const pop3Lines = transcripts[1]!.lines;
    expect(pop3Lines).toContain('C: USER alice');
    expect(pop3Lines).toContain('C: PASS ********');
    expect(pop3Lines.at(-1)).toMatch(/^S: \+OK/);
    expect(JSON.stringify(transcripts)).not.toContain('hunter2');
    // A multi-line SMTP reply is one transcript line per protocol line.
    expect(transcripts[0]!.lines.filter((l) => l.startsWith('S: 250')).length).toBeGreaterThan(3);
  });

  it('leaves a protocol off with false, and then deliver() says why it cannot send', async () => {
    server = await startServer({ ports: { pop3: false, smtp: false }, users: [{ user: 'alice', password: 'secret' }] });
    expect(Object.keys(server.ports)).toEqual(['imap']);
    await expect(server.deliver({ to: 'alice' })).rejects.toThrow(/ports\.smtp: false/);
  });

  it('close() says BYE to connected clients, frees the ports and can be called twice', async () => {
    server = await startServer({ users: [{ user: 'alice', password: 'secret' }] });
    const port = server.ports.imap!;
    const client = imapClient(port);
    await client.connect();
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await Promise.all([server.close(), server.close()]);
    await closed;
    const refused = await new Promise<string>((resolve) => net.connect(port, '127.0.0.1').once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')));
    expect(refused).toBe('ECONNREFUSED');
    expect(server.transcripts().find((t) => t.protocol === 'imap')!.lines.some((l) => l.startsWith('S: * BYE'))).toBe(true);
  });
});

describe('startServer failed-login throttling', () => {
  it('is off on loopback and on when listening beyond it, unless told otherwise', async () => {
    server = await startServer({ ports: { pop3: false, smtp: false } });
    expect(server.loginThrottle).toBeUndefined();
    await server.close();
    server = await startServer({ host: '0.0.0.0', ports: { pop3: false, smtp: false } });
    expect(server.loginThrottle).toEqual({ initialDelayMs: 2_000, maxDelayMs: 15_000, forgetAfterMs: 29_000 });
    await server.close();
    server = await startServer({ host: '0.0.0.0', ports: { pop3: false, smtp: false }, loginThrottle: false });
    expect(server.loginThrottle).toBeUndefined();
    await server.close();
    server = await startServer({ ports: { pop3: false, smtp: false }, loginThrottle: { initialDelayMs: 10, maxDelayMs: 40, forgetAfterMs: 100 } });
    expect(server.loginThrottle).toEqual({ initialDelayMs: 10, maxDelayMs: 40, forgetAfterMs: 100 });
  });
});
