import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { Pop3Client } from '../../src/pop3/client/index.js';
import { ROOT, type CliRun } from '../helpers/cli.js';
import { ANY_PORTS, TABLE_END, certificateOf, parsePorts, tableOf } from '../helpers/serve-table.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

describe('mailsim serve as a child process', () => {
  it('serves SMTP, IMAP and POP3 on the ports it prints, over TLS with the certificate it prints, and exits 0 on SIGTERM with clients still connected', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve', ...ANY_PORTS], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const table = await tableOf(child);
    const ports = parsePorts(table);
    expect(Object.values(ports).every((p) => p > 0)).toBe(true);
    expect(table).toMatch(/^  alice@mailsim\.test\s+secret\s+0$/m);
    expect(table).toMatch(/^  bob@mailsim\.test\s+secret\s+0$/m);

    const ca = certificateOf(table);
    expect(table).toMatch(/^  SHA-256 fingerprint, as clients show it:\n    ([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.smtps, secure: true, tls: { ca } });
    await transport.sendMail({ from: 'carol@example.org', to: 'alice@mailsim.test', subject: 'Over the wire', text: 'Hello from SMTP\n' });
    transport.close();

    const imap = new ImapFlow({ host: '127.0.0.1', port: ports.imaps, secure: true, tls: { ca }, logger: false, auth: { user: 'alice', pass: 'secret' } });
    imap.on('error', () => undefined);
    await imap.connect();
    const lock = await imap.getMailboxLock('INBOX');
    const fetched = await imap.fetchOne('1', { envelope: true });
    lock.release();
    expect(fetched && fetched.envelope?.subject).toBe('Over the wire');

    const pop3 = await Pop3Client.connect({ host: '127.0.0.1', port: ports.pop3 });
    await pop3.login('alice@mailsim.test', 'secret');
    expect((await pop3.retr(1)).toString()).toContain('Hello from SMTP');
    await pop3.quit();

    // The IMAP session is still open: shutdown must end it (BYE), not wait for it or hang.
    const imapClosed = new Promise<void>((resolve) => imap.once('close', () => resolve()));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await imapClosed;
  });
});

/** Runs `mailsim serve` in-process with a signal hook the test fires; resolves `table` once it is printed. */
function serveInProcess(args: string[]): { table(): Promise<string>; stop(): void; done: Promise<CliRun> } {
  let stdout = '';
  let stderr = '';
  let fire: ((signal: string) => void) | undefined;
  let printed!: (table: string) => void;
  const table = new Promise<string>((resolve) => (printed = resolve));
  const done = main(['serve', ...ANY_PORTS, ...args], {
    stdout: {
      write: (t: string) => {
        stdout += t;
        if (TABLE_END.test(stdout)) printed(stdout);
      },
    },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    cwd: ROOT,
    onSignal: (handler) => {
      fire = handler;
      return () => (fire = undefined);
    },
  }).then((code) => ({ code, stdout, stderr }));
  // A function, not a promise: a run that never prints a table must not leave a rejection unhandled.
  const ended = (r: CliRun): Promise<string> => Promise.reject(new Error(`serve ended before its table: exit ${r.code}\n${r.stderr}`));
  return { table: () => Promise.race([table, done.then(ended)]), stop: () => fire?.('SIGINT'), done };
}

describe('mailsim serve options', () => {
  it('takes accounts from --user, name:password split at the first colon', async () => {
    const serve = serveInProcess(['--user', 'carol:pa:ss', '--user', 'dave@example.com:pw']);
    const table = await serve.table();
    expect(table).toMatch(/^  carol@mailsim\.test\s+pa:ss\s+0$/m);
    expect(table).toMatch(/^  dave@example\.com\s+pw\s+0$/m);
    expect(table).not.toContain('alice');
    const pop3 = await Pop3Client.connect({ host: '127.0.0.1', port: parsePorts(table).pop3 });
    await pop3.login('carol', 'pa:ss');
    await pop3.quit();
    serve.stop();
    expect(await serve.done).toMatchObject({ code: 0, stderr: 'mailsim: SIGINT: closing connections and stopping\n' });
  });

  it('--scenario: its accounts, and the mail its deliver steps send before the first other step', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-serve-'));
    const file = path.join(dir, 'seed.yaml');
    await writeFile(
      file,
      [
        'accounts:',
        '  carol@example.org: { password: pw }',
        '  dan@example.org: {}',
        'devices:',
        '  laptop: { account: carol@example.org, protocol: imap }',
        'steps:',
        '  - note: Overnight.', // notes do not end the initial deliveries
        '  - deliver: { to: carol@example.org, from: "Bob <bob@example.com>", subject: First }',
        '  - deliver: { to: dan@example.org, subject: Batch, count: 2 }',
        '  - sync: laptop', // the story starts here; what follows is not served
        '  - deliver: { to: carol@example.org, subject: Later }',
        '',
      ].join('\n'),
    );
    try {
      const serve = serveInProcess(['--scenario', file]);
      const table = await serve.table();
      expect(table).toMatch(/^  carol@example\.org\s+pw\s+1$/m);
      expect(table).toMatch(/^  dan@example\.org\s+secret\s+2$/m);
      expect(table).not.toContain('alice@mailsim.test');
      const pop3 = await Pop3Client.connect({ host: '127.0.0.1', port: parsePorts(table).pop3 });
      await pop3.login('carol', 'pw');
      const first = (await pop3.retr(1)).toString();
      expect(first).toContain('Subject: First');
      expect(first).toContain('From: Bob <bob@example.com>');
      await pop3.quit();
      serve.stop();
      expect((await serve.done).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--trace writes every protocol line to stderr, password masked', async () => {
    const serve = serveInProcess(['--trace']);
    const { pop3: port } = parsePorts(await serve.table());
    const pop3 = await Pop3Client.connect({ host: '127.0.0.1', port });
    await pop3.login('alice', 'secret');
    await pop3.quit();
    serve.stop();
    const { stderr } = await serve.done;
    expect(stderr).toContain('pop3#1 C: USER alice\npop3#1 S: +OK');
    expect(stderr).toContain('pop3#1 C: PASS ********\n');
    expect(stderr).not.toContain('PASS secret');
  });

  it('warns that a non-loopback host exposes plaintext passwords, and stays quiet on 127.0.0.1', async () => {
    const open = serveInProcess(['--host', '0.0.0.0', '--no-tls']);
    await open.table();
    open.stop();
    expect((await open.done).stderr).toMatch(/^mailsim: warning: listening on 0\.0\.0\.0.*--no-tls:\n.*plaintext/m);
    const withTls = serveInProcess(['--host', '0.0.0.0']);
    await withTls.table();
    withTls.stop();
    expect((await withTls.done).stderr).toMatch(/^mailsim: warning: listening on 0\.0\.0\.0.*The plain ports still\n.*accept logins without TLS/m);
    const local = serveInProcess([]);
    await local.table();
    local.stop();
    expect((await local.done).stderr).not.toContain('warning');
  });

  it('exits 2 with a clear message when a port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      // In-process (a child process costs a second to start; the one above covers exit codes).
      const run = await serveInProcess(['--imap-port', String(port)]).done;
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`mailsim: port ${port} is already in use (IMAP); choose another with --imap-port, or 0 for any free port\n`);
      expect(run.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('slows failed logins when listening beyond loopback, unless --no-login-throttle; --login-throttle turns it on locally', async () => {
    const notice = /^mailsim: failed logins are answered after 2 s, doubling per failure from the same address up to 15 s/m;
    const runs: [string[], boolean][] = [
      [['--host', '0.0.0.0'], true],
      [['--host', '0.0.0.0', '--no-login-throttle'], false],
      [[], false],
      [['--login-throttle'], true],
    ];
    for (const [args, throttled] of runs) {
      const run = serveInProcess(args);
      await run.table();
      run.stop();
      const { stderr } = await run.done;
      if (throttled) expect(stderr).toMatch(notice);
      else expect(stderr).not.toMatch(notice);
    }
  });

  it('rejects a bad --user or port before listening, with exit 2', async () => {
    const badUser = await serveInProcess(['--user', 'alice']).done;
    expect(badUser).toMatchObject({ code: 2, stderr: 'mailsim: --user takes name:password (e.g. alice:secret), got "alice"\n' });
    const badPort = await serveInProcess(['--smtp-port', '70000']).done;
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--smtp-port takes a port number from 0 to 65535');
    const same = await serveInProcess(['--imap-port', '2525', '--smtp-port', '2525']).done;
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('mailsim: IMAP and SMTP cannot share port 2525; choose others with --imap-port or --smtp-port, or 0 for any free port\n');
  });

  it('--capabilities turns IMAP extensions off, says what went with them, and refuses unknown names', async () => {
    const serve = serveInProcess(['--capabilities', '-LIST-EXTENDED,-MOVE']);
    const table = await serve.table();
    expect(table).toMatch(/^IMAP without: IMAP4rev2, LIST-EXTENDED, LIST-STATUS, MOVE$/m);
    const socket = net.connect(parsePorts(table).imap, '127.0.0.1');
    const greeting = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
    socket.destroy();
    expect(greeting).toContain('IDLE');
    expect(greeting).not.toMatch(/ (MOVE|LIST-STATUS|LIST-EXTENDED|IMAP4rev2) /);
    // Before login the plain port also offers STARTTLS, where Dovecot lists it: before AUTH=.
    expect(greeting).toContain(' STARTTLS AUTH=PLAIN]');
    serve.stop();
    expect((await serve.done).stderr).toBe(
      'mailsim: --capabilities: IMAP4rev2 off too (it needs LIST-EXTENDED)\nmailsim: --capabilities: LIST-STATUS off too (it needs LIST-EXTENDED)\nmailsim: SIGINT: closing connections and stopping\n',
    );
    const typo = await serveInProcess(['--capabilities', '-MOVEE']).done;
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^mailsim: --capabilities: unknown IMAP capability "MOVEE"; did you mean "MOVE"\?\n  known: IMAP4rev2, SASL-IR, /);
    for (const line of typo.stderr.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const base = await serveInProcess(['--capabilities', '-IMAP4rev1']).done;
    expect(base).toMatchObject({ code: 2, stderr: 'mailsim: --capabilities: IMAP4rev1 is the base protocol and cannot be turned off\n' });
  });

  it('explains itself in --help, with Thunderbird settings', async () => {
    let out = '';
    const code = await main(['serve', '--help'], { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => 0 }, env: {}, cwd: ROOT });
    expect(code).toBe(0);
    for (const flag of ['--imap-port', '--pop3-port', '--smtp-port', '--host', '--user', '--scenario', '--trace', '--capabilities']) expect(out).toContain(flag);
    expect(out).toContain('Thunderbird');
  });
});
