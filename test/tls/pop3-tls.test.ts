import { describe, expect, it } from 'vitest';
import { Pop3Client, Pop3Error } from '../../src/pop3/index.js';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { LineSocket, plainConnect, tlsConnect, tlsServerFixture } from './helpers.js';

const fixture = tlsServerFixture();
const required = tlsServerFixture({ tls: { required: true } });

describe('POP3 over TLS', () => {
  it('POP3S: our client with implicitTls checks the certificate, logs in and reads; CAPA offers no STLS', async () => {
    const server = await fixture.start();
    await server.deliver({ to: 'alice@example.com', subject: 'Over POP3S', text: 'hi' });
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3s!, implicitTls: true, tlsOptions: { ca: server.tls!.cert } });
    expect(client.secure).toBe(true);
    expect(await client.capa()).not.toContain('STLS');
    await client.login('alice@example.com', 'secret');
    expect((await client.retr(1)).toString()).toContain('Subject: Over POP3S');
    await client.quit();
  });

  it('refuses a certificate it was not told to trust', async () => {
    const server = await fixture.start();
    const failure = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3s!, implicitTls: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Pop3Error);
    expect((failure as Pop3Error).message).toMatch(/self-signed certificate/);
  });

  it('STLS upgrades the plain port: CAPA lists STLS before and not after, and the session goes on encrypted', async () => {
    const server = await fixture.start();
    const wire: WireEvent[] = [];
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3!, tlsOptions: { ca: server.tls!.cert }, onWire: (e) => wire.push(e) });
    expect(await client.capa()).toContain('STLS');
    await client.stls();
    expect(client.secure).toBe(true);
    expect(await client.capa()).not.toContain('STLS');
    await client.login('alice@example.com', 'secret');
    expect(await client.stat()).toEqual({ count: 0, size: 0 });
    await client.quit();
    expect(wire.filter((e) => e.direction === 'C').map((e) => e.text)).toEqual(['CAPA', 'STLS', 'CAPA', 'USER alice@example.com', 'PASS ********', 'STAT', 'QUIT']);
    await expect(client.stls()).rejects.toThrow();
  });

  it('STLS drops lines sent behind it in plaintext, is refused once TLS is on, and after login', async () => {
    const server = await fixture.start();
    const plain = await plainConnect(server.ports.pop3!);
    const lines = new LineSocket(plain);
    await lines.next();
    lines.send('STLS\r\nUSER alice@example.com\r\n');
    expect(await lines.next()).toBe('+OK Begin TLS negotiation now');
    lines.attach(await tlsConnect(server.ports.pop3!, server.tls!.cert, plain));
    lines.send('PASS secret\r\n');
    // USER never ran, so PASS has no user name to complete.
    expect(await lines.next()).toBe('-ERR PASS must follow USER');
    lines.send('STLS\r\n');
    expect(await lines.next()).toBe('-ERR TLS is already active');
    lines.socket.end();
    const other = new LineSocket(await plainConnect(server.ports.pop3!));
    await other.next();
    other.send('USER alice@example.com\r\nPASS secret\r\nSTLS\r\n');
    expect(await other.next()).toMatch(/^\+OK /);
    expect(await other.next()).toMatch(/^\+OK alice@example\.com has 0 messages/);
    expect(await other.next()).toBe('-ERR STLS is only valid before login');
    other.socket.end();
  });

  it('a plaintext client on the POP3S port is closed without harm', async () => {
    const server = await fixture.start();
    const plain = await plainConnect(server.ports.pop3s!);
    plain.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => plain.once('close', () => resolve()));
    plain.write('USER alice@example.com\r\n');
    await closed;
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3s!, implicitTls: true, tlsOptions: { ca: server.tls!.cert } });
    await client.quit();
  });
});

describe('POP3 with TLS required', () => {
  it('leaves USER out of CAPA and refuses USER, PASS and APOP until STLS', async () => {
    const server = await required.start();
    const client = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3!, tlsOptions: { ca: server.tls!.cert } });
    const capabilities = await client.capa();
    expect(capabilities).toContain('STLS');
    expect(capabilities).not.toContain('USER');
    const refused = await client.login('alice@example.com', 'secret').then(
      () => undefined,
      (error: unknown) => error as Pop3Error,
    );
    expect(refused?.response).toBe('-ERR [AUTH] plaintext authentication disallowed on non-secure connections: send STLS first');
    await client.stls();
    expect(await client.capa()).toContain('USER');
    await client.login('alice@example.com', 'secret');
    await client.quit();
  });
});
