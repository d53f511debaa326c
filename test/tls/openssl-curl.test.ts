import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.js';
import { tlsServerFixture } from './helpers.js';

/**
 * The checks the issue names, with the real tools: openssl s_client (implicit TLS and -starttls
 * imap/pop3/smtp) and curl imaps:// and pop3s://, each trusting the certificate the server
 * presents. .ci/run installs openssl and curl when the machine lacks them.
 */
const run = promisify(execFile);
const fixture = tlsServerFixture();
let dir: string;
let caFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-tls-'));
  caFile = path.join(dir, 'mailsim.pem');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function server(): Promise<RunningServer> {
  const started = await fixture.start();
  await writeFile(caFile, started.tls!.cert);
  await started.deliver({ to: 'alice@example.com', subject: 'Hello over TLS', text: 'Body line\n' });
  return started;
}

/**
 * openssl s_client with `input` on stdin, written once the output matches `after` (SMTP servers
 * hang up on a client that talks before the greeting); resolves with what it printed once the
 * server closed.
 */
function sClient(args: string[], input: string, after?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['s_client', '-quiet', '-verify_return_error', '-CAfile', caFile, ...args]);
    let out = '';
    let written = false;
    const write = (): void => {
      if (written || (after && !after.test(out))) return;
      written = true;
      child.stdin.end(input);
    };
    const read = (d: Buffer): void => {
      out += d.toString();
      write();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('close', () => resolve(out));
    write();
  });
}

describe('openssl s_client', () => {
  it('-connect to IMAPS gets the greeting and logs in', async () => {
    const s = await server();
    const out = await sClient(['-connect', `127.0.0.1:${s.ports.imaps}`], 'a LOGIN alice@example.com secret\r\nb LOGOUT\r\n');
    expect(out).toContain('verify return:1');
    expect(out).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 /m);
    expect(out).toMatch(/^a OK .*Logged in as alice@example\.com/m);
  });

  it('-starttls imap, pop3 and smtp upgrade the plain ports', async () => {
    const s = await server();
    const imap = await sClient(['-connect', `127.0.0.1:${s.ports.imap}`, '-starttls', 'imap'], 'a CAPABILITY\r\nb LOGOUT\r\n');
    expect(imap).toContain('verify return:1');
    expect(imap).toMatch(/^\* CAPABILITY IMAP4rev1 (?!.*STARTTLS).*$/m);
    expect(imap).toMatch(/^b OK LOGOUT completed/m);
    const pop3 = await sClient(['-connect', `127.0.0.1:${s.ports.pop3}`, '-starttls', 'pop3'], 'USER alice@example.com\r\nPASS secret\r\nSTAT\r\nQUIT\r\n');
    expect(pop3).toContain('verify return:1');
    expect(pop3).toMatch(/^\+OK 1 \d+$/m);
    const smtp = await sClient(['-connect', `127.0.0.1:${s.ports.smtp}`, '-starttls', 'smtp'], 'EHLO client.example\r\nQUIT\r\n');
    expect(smtp).toContain('verify return:1');
    expect(smtp).toMatch(/^250-AUTH PLAIN LOGIN/m);
    expect(smtp).toMatch(/^221 /m);
  });

  it('-connect to POP3S and SMTPS get their greetings', async () => {
    const s = await server();
    expect(await sClient(['-connect', `127.0.0.1:${s.ports.pop3s}`], 'QUIT\r\n')).toMatch(/^\+OK mailsim POP3 server ready/m);
    const smtps = await sClient(['-connect', `127.0.0.1:${s.ports.smtps}`], 'EHLO client.example\r\nQUIT\r\n', /^220 /m);
    expect(smtps).toMatch(/^220 .*mailsim ESMTP/m);
    expect(smtps).not.toContain('STARTTLS');
    expect(smtps).toMatch(/^221 /m);
  });
});

describe('curl', () => {
  it('imaps:// lists the folders and fetches a message; pop3s:// lists and retrieves', async () => {
    const s = await server();
    const auth = ['--cacert', caFile, '-u', 'alice@example.com:secret', '--silent', '--show-error'];
    const folders = await run('curl', [...auth, `imaps://127.0.0.1:${s.ports.imaps}/`]);
    expect(folders.stdout).toContain('"INBOX"');
    const message = await run('curl', [...auth, `imaps://127.0.0.1:${s.ports.imaps}/INBOX;UID=1`]);
    expect(message.stdout).toContain('Subject: Hello over TLS');
    const listing = await run('curl', [...auth, `pop3s://127.0.0.1:${s.ports.pop3s}/`]);
    expect(listing.stdout).toMatch(/^1 \d+\r?$/m);
    const retrieved = await run('curl', [...auth, `pop3s://127.0.0.1:${s.ports.pop3s}/1`]);
    expect(retrieved.stdout).toContain('Body line');
  });

  it('refuses the server without the certificate (curl verifies by default)', async () => {
    const s = await server();
    await expect(run('curl', ['--silent', '--show-error', '-u', 'alice@example.com:secret', `imaps://127.0.0.1:${s.ports.imaps}/`])).rejects.toThrow(/certificate/);
  });
});
