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

  it('with TLS required, no password crosses in plaintext: AUTH is not offered before STARTTLS, so mail to elsewhere is not relayed', async () => {
    const server = await required.start();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtp!, secure: false, ignoreTLS: true, auth: { user: 'alice@example.com', pass: 'secret' } });
    // nodemailer logs in only where AUTH is offered; unauthenticated, this is no submission.
    await expect(transport.sendMail({ from: 'alice@example.com', to: 'bob@elsewhere.example', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    transport.close();
    const lines = server.transcripts().flatMap((t) => t.lines);
    expect(lines.some((line) => /^C: AUTH/i.test(line))).toBe(false);
    expect(lines.some((line) => /^S: 250-AUTH/.test(line))).toBe(false);
  });
});
