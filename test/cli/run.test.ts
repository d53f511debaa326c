import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';

describe('mailsim run', () => {
  it('runs laptop-phone: the laptop holds the mail, the phone and the server inbox are empty', async () => {
    const run = await runCli(['run', 'laptop-phone']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const laptop = run.stdout.slice(run.stdout.indexOf('laptop · alice@example.com'), run.stdout.indexOf('phone · alice@example.com'));
    expect(laptop).toContain('Dinner on Friday?');
    expect(laptop).toContain('Slides for Monday');
    expect(laptop).toContain('Your statement is ready');
    const phone = run.stdout.slice(run.stdout.indexOf('phone · alice@example.com'), run.stdout.indexOf('server · alice@example.com'));
    expect(phone).toContain('no messages');
    const server = run.stdout.slice(run.stdout.indexOf('server · alice@example.com'), run.stdout.indexOf('Verdict'));
    expect(server).toMatch(/INBOX\s+│\s+│ \(empty\)/);
    expect(run.stdout).toContain('Verdict (alice@example.com): fragmented: phone is missing 3 of 3 messages');
  });

  it('prints byte-identical output for the same scenario and seed', async () => {
    const first = await runCli(['run', 'laptop-phone', '--seed', '7']);
    const second = await runCli(['run', 'laptop-phone', '--seed', '7']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('exits 2 and points at file:line:col for a typo in a scenario', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-'));
    writeFileSync(
      path.join(dir, 'typo.yaml'),
      'accounts:\n  alice@example.com: {}\ndevices:\n  phone: { protocol: pop3, leaveOnSevrer: true }\nsteps: []\n',
    );
    const run = await runCli(['run', 'typo.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('typo.yaml:4:28: unknown key "leaveOnSevrer" in devices.phone; did you mean "leaveOnServer"?');
  });

  it('exits 2 for an unknown built-in and suggests the closest', async () => {
    const run = await runCli(['run', 'laptop-phnoe']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no built-in scenario named "laptop-phnoe"; did you mean "laptop-phone"?');
  });

  it('exits 2 for a missing file', async () => {
    const run = await runCli(['run', 'nowhere/missing.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nowhere/missing.yaml:1:1: cannot read scenario: no such file');
  });

  it('exits 2 for bad usage: unknown option, bad seed, unknown variant', async () => {
    expect((await runCli(['run', 'laptop-phone', '--sed', '1'])).code).toBe(2);
    const seed = await runCli(['run', 'laptop-phone', '--seed', 'abc']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed takes a whole number');
    const variant = await runCli(['run', 'laptop-phone', '--variant', 'pop']);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toContain('has no variant "pop"; did you mean "pop3"?');
  });

  it('works as a real process with documented exit codes', async () => {
    // Two processes side by side: each spends most of its time starting up.
    const [ok, bad] = await Promise.all([spawnCli(['run', 'laptop-phone']), spawnCli(['run', 'no-such-scenario'])]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('fragmented: phone is missing 3 of 3 messages');
    expect(bad.code).toBe(2);
  });
});

describe('mailsim as a Unix citizen', () => {
  it('stops quietly when the reader of its output goes away (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const path = await import('node:path');
    const { ROOT } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'list'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Close our end of the pipe before it writes anything, as `head` does once it has enough: every
    // write then fails with EPIPE, deterministically.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});

describe('mailsim list and help', () => {
  it('lists built-ins with descriptions', async () => {
    const run = await runCli(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^laptop-phone +A laptop and a phone check one account/);
    expect(run.stdout).toMatch(/^imap-offline +A phone works offline/m);
  });

  it('teaches in --help, including exit codes, and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('mailsim run laptop-phone');
    expect(run.stdout).toContain('Exit codes:');
    const runHelp = await runCli(['run', '--help']);
    expect(runHelp.stdout).toContain('--seed <n>');
  });

  it('prints help with no arguments', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: mailsim');
  });
});
