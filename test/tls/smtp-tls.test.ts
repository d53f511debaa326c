import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { tlsServerFixture } from './helpers.js';

const fixture = tlsServerFixture();
const required = tlsServerFixture({ tls: { required: true } });

describe('SMTP over TLS', () => {
  it('nodemailer over SMTPS (implicit TLS, 465 on a real server) delivers, with the certificate checked', async () => {
    const server = await fixture.start();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtps!, secure: true, tls: { ca: server.tls!.cert } });
    await transport.sendMail({ from: 'bob@example.org', to: 'alice@example.com', subject: 'Over SMTPS', text: 'hi' });
    transport.close();
    expect((await server.messages('alice@example.com')).map((m) => m.subject)).toEqual(['Over SMTPS']);
    const commands = server.transcripts().flatMap((t) => t.lines);
    expect(commands.some((line) => line.includes('STARTTLS'))).toBe(false);
  });

  it('nodemailer with requireTLS upgrades the plain port with STARTTLS and authenticates', async () => {
    const server = await fixture.start();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.ports.smtp!,
      secure: false,
      requireTLS: true,
      tls: { ca: server.tls!.cert },
      auth: { user: 'alice@example.com', pass: 'secret' },
    });
    await transport.sendMail({ from: 'alice@example.com', to: 'alice@example.com', subject: 'Over STARTTLS', text: 'hi' });
    transport.close();
    expect((await server.messages('alice@example.com')).map((m) => m.subject)).toEqual(['Over STARTTLS']);
    expect(server.transcripts().flatMap((t) => t.lines)).toContain('C: STARTTLS');
  });

  it('with TLS required, AUTH before STARTTLS is refused', async () => {
    const server = await required.start();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtp!, secure: false, ignoreTLS: true, auth: { user: 'alice@example.com', pass: 'secret' } });
    await expect(transport.sendMail({ from: 'alice@example.com', to: 'alice@example.com', subject: 'x', text: 'x' })).rejects.toThrow(/STARTTLS/);
    transport.close();
  });
});
