import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { LineSocket, plainConnect, tlsConnect, tlsServerFixture } from './helpers.js';

const fixture = tlsServerFixture();
const required = tlsServerFixture({ tls: { required: true } });

function imapflow(port: number, ca: string, security: { secure: boolean; doSTARTTLS?: boolean }): ImapFlow {
  const client = new ImapFlow({ host: '127.0.0.1', port, ...security, tls: { ca }, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
  client.on('error', () => undefined);
  return client;
}

describe('IMAP over TLS', () => {
  it('IMAPS: the greeting comes after the handshake, over TLS, and offers no STARTTLS', async () => {
    const server = await fixture.start();
    const secure = await tlsConnect(server.ports.imaps!, server.tls!.cert);
    expect(secure.authorized).toBe(true);
    const lines = new LineSocket(secure);
    const greeting = await lines.next();
    expect(greeting).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 .*AUTH=PLAIN\] /);
    expect(greeting).not.toContain('STARTTLS');
    lines.send('a LOGIN alice@example.com secret\r\n');
    expect((await lines.until('a ')).at(-1)).toMatch(/^a OK \[CAPABILITY .*\] Logged in/);
    secure.end();
  });

  it('imapflow with secure: true logs in and reads a message on the IMAPS port', async () => {
    const server = await fixture.start();
    await server.deliver({ to: 'alice@example.com', subject: 'Over TLS', text: 'hi' });
    const client = imapflow(server.ports.imaps!, server.tls!.cert, { secure: true });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    expect((await client.fetchOne('1', { envelope: true }))).toMatchObject({ envelope: { subject: 'Over TLS' } });
    lock.release();
    await client.logout();
  });

  it('imapflow with doSTARTTLS: true upgrades the plain port, and the capabilities it then reads have no STARTTLS', async () => {
    const server = await fixture.start();
    const client = imapflow(server.ports.imap!, server.tls!.cert, { secure: false, doSTARTTLS: true });
    await client.connect();
    expect(client.secureConnection).toBe(true);
    expect(client.capabilities.has('STARTTLS')).toBe(false);
    expect(client.capabilities.has('IDLE')).toBe(true);
    const commands = server.transcripts().flatMap((t) => t.lines).filter((line) => line.startsWith('C: '));
    // The greeting carried the capabilities; after the handshake imapflow asks again (RFC 3501 6.2.1).
    expect(commands.slice(0, 2).map((c) => c.replace(/^C: \S+ /, ''))).toEqual(['STARTTLS', 'CAPABILITY']);
    await client.logout();
  });

  it('STARTTLS drops what the client sent behind it in plaintext (no command injection), and refuses a second STARTTLS', async () => {
    const server = await fixture.start();
    const plain = await plainConnect(server.ports.imap!);
    const lines = new LineSocket(plain);
    expect(await lines.next()).toMatch(/ STARTTLS AUTH=PLAIN\]/);
    // One write: an attacker in the middle appends a command the server must not run.
    lines.send('a STARTTLS\r\nb LOGIN alice@example.com secret\r\n');
    expect(await lines.next()).toBe('a OK Begin TLS negotiation now');
    const secure = await tlsConnect(server.ports.imap!, server.tls!.cert, plain);
    lines.attach(secure);
    lines.send('c CAPABILITY\r\n');
    const answer = await lines.until('c ');
    expect(answer).toHaveLength(2);
    expect(answer[0]).not.toContain('STARTTLS');
    expect(answer[1]).toBe('c OK CAPABILITY completed');
    lines.send('d STARTTLS\r\n');
    expect(await lines.next()).toBe('d BAD TLS is already active');
    lines.send('e NOOP\r\n');
    expect(await lines.next()).toBe('e OK NOOP completed');
    expect(server.store.account('alice@example.com')).toBeDefined();
    // "b LOGIN" never ran: no session of alice's was ever logged in.
    expect(server.transcripts().flatMap((t) => t.lines).some((line) => line.includes('Logged in'))).toBe(false);
    secure.end();
  });

  it('a failed handshake (plaintext on the IMAPS port) closes that socket and the server goes on serving', async () => {
    const server = await fixture.start();
    const plain = await plainConnect(server.ports.imaps!);
    const closed = new Promise<void>((resolve) => plain.once('close', () => resolve()));
    plain.on('error', () => undefined);
    plain.write('a LOGIN alice@example.com secret\r\n');
    await closed;
    const secure = await tlsConnect(server.ports.imaps!, server.tls!.cert);
    expect(await new LineSocket(secure).next()).toMatch(/^\* OK /);
    secure.end();
  });

  it('a client that rejects the certificate ends its handshake; the server is unharmed', async () => {
    const server = await fixture.start();
    await expect(tlsConnect(server.ports.imaps!, '')).rejects.toThrow(/self-signed certificate/);
    const client = imapflow(server.ports.imaps!, server.tls!.cert, { secure: true });
    await client.connect();
    await client.logout();
  });

  it('STARTTLS is refused on a server without TLS', async () => {
    const { startServer } = await import('../../src/server/start.js');
    const server = await startServer({ users: [{ user: 'alice@example.com', password: 'secret' }] });
    try {
      const lines = new LineSocket(await plainConnect(server.ports.imap!));
      expect(await lines.next()).not.toContain('STARTTLS');
      lines.send('a STARTTLS\r\n');
      expect(await lines.next()).toBe('a BAD STARTTLS is not offered: this server was started without TLS');
      lines.socket.end();
    } finally {
      await server.close();
    }
  });

  it('server shutdown says BYE over TLS before closing', async () => {
    const server = await fixture.start();
    const secure = await tlsConnect(server.ports.imaps!, server.tls!.cert);
    const lines = new LineSocket(secure);
    await lines.next();
    const closing = server.close();
    expect(await lines.next()).toBe('* BYE Server shutting down');
    await closing;
  });
});

describe('IMAP with TLS required', () => {
  it('advertises LOGINDISABLED (and no AUTH=) before STARTTLS, refuses LOGIN with PRIVACYREQUIRED, and logs in after it', async () => {
    const server = await required.start();
    const plain = await plainConnect(server.ports.imap!);
    const lines = new LineSocket(plain);
    const greeting = await lines.next();
    expect(greeting).toMatch(/ STARTTLS LOGINDISABLED\] /);
    expect(greeting).not.toContain('AUTH=PLAIN');
    lines.send('a LOGIN alice@example.com secret\r\n');
    expect(await lines.next()).toBe('a NO [PRIVACYREQUIRED] Logins need TLS on this server: send STARTTLS first');
    lines.send('b AUTHENTICATE PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==\r\n');
    expect(await lines.next()).toBe('b NO [PRIVACYREQUIRED] Logins need TLS on this server: send STARTTLS first');
    lines.send('c STARTTLS\r\n');
    expect(await lines.next()).toBe('c OK Begin TLS negotiation now');
    lines.attach(await tlsConnect(server.ports.imap!, server.tls!.cert, plain));
    lines.send('d CAPABILITY\r\n');
    const [capabilities] = await lines.until('d ');
    expect(capabilities).toContain('AUTH=PLAIN');
    expect(capabilities).not.toContain('LOGINDISABLED');
    lines.send('e LOGIN alice@example.com secret\r\n');
    expect(await lines.next()).toMatch(/^e OK \[CAPABILITY .*\] Logged in as alice@example\.com$/);
    lines.socket.end();
  });

  it('the IMAPS port takes logins at once', async () => {
    const server = await required.start();
    const client = imapflow(server.ports.imaps!, server.tls!.cert, { secure: true });
    await client.connect();
    expect(client.authenticated).toBeTruthy();
    await client.logout();
  });
});
