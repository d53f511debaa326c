import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { ROOT, spawnCli } from '../helpers/cli.js';
import { ANY_PORTS, certificateOf, parsePorts, tableOf } from '../helpers/serve-table.js';

/**
 * The `mailsim` command as `npm run build` bundles it (scripts/bundle-cli.mjs), in a directory
 * with only package.json and scenarios/ beside it and no node_modules: it must be self-contained
 * and print exactly what the unbundled CLI prints.
 */
const run = promisify(execFile);
let dir: string;
let cli: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-bundle-'));
  await run(process.execPath, [path.join(ROOT, 'scripts/bundle-cli.mjs'), path.join(dir, 'dist/cli')], { cwd: ROOT });
  await copyFile(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  await symlink(path.join(ROOT, 'scenarios'), path.join(dir, 'scenarios'), 'dir');
  await mkdir(path.join(dir, 'work'));
  cli = path.join(dir, 'dist/cli/main.js');
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function bundled(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { cwd: path.join(dir, 'work'), env: { ...process.env, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '', ...env } });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { stdout: failed.stdout, code: failed.code };
  }
}

describe('the bundled CLI', () => {
  it('runs laptop-phone byte for byte as the unbundled CLI does, compiled from source and from its code cache, with its scenario and certificate made or kept', async () => {
    const cacheDir = path.join(dir, 'dist/cli/compile-cache');
    await rm(cacheDir, { recursive: true, force: true });
    const [cold, reference] = await Promise.all([bundled(['run', 'laptop-phone', '--no-pager']), spawnCli(['run', 'laptop-phone', '--no-pager'])]);
    const kept = async () => (await readdir(cacheDir)).filter((f) => f === 'run-certificate.json' || f.startsWith('scenario-')).sort();
    const made = await kept();
    expect(made).toEqual([expect.stringMatching(/^run-certificate\.json$/), expect.stringMatching(/^scenario-[0-9a-f]{16}\.bin$/)]);
    expect((await stat(path.join(cacheDir, 'run-certificate.json'))).mode & 0o777).toBe(0o600);
    const certificate = await readFile(path.join(cacheDir, 'run-certificate.json'));
    const warm = await bundled(['run', 'laptop-phone', '--no-pager']);
    // Read, not made again.
    expect(await kept()).toEqual(made);
    expect(await readFile(path.join(cacheDir, 'run-certificate.json'))).toEqual(certificate);
    await rm(cacheDir, { recursive: true, force: true });
    const off = await bundled(['run', 'laptop-phone', '--no-pager'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
    expect(reference.code).toBe(0);
    for (const ours of [cold, warm, off]) {
      expect(ours.code).toBe(0);
      expect(ours.stdout).toBe(reference.stdout);
    }
  }, 60_000);

  it('measures and wraps wide text as the unbundled CLI does (string-width and wrap-ansi loaded on demand)', async () => {
    const scenario = path.join(dir, 'work', 'wide.yaml');
    const subject = '\u4f1a\u8bae\u306e\u8cc7\u6599 \u{1f389} r\u00e9union \u2014 '.repeat(4);
    await writeFile(scenario, ['accounts:', '  alice@example.com: {}', 'devices:', '  phone: { protocol: imap }', 'steps:', `  - deliver: { subject: "${subject}" }`, '  - sync: all', ''].join('\n'));
    for (const env of [{ COLUMNS: '60' }, { COLUMNS: '60', NO_COLOR: '', FORCE_COLOR: '1' }]) {
      const [ours, reference] = await Promise.all([bundled(['run', scenario, '--no-pager'], env), spawnCli(['run', scenario, '--no-pager'], { env })]);
      expect(reference.code).toBe(0);
      expect(reference.stdout).toContain('\u{1f389}');
      // The second run is coloured: its text goes through wrap-ansi, the first's only where it is wide.
      expect(reference.stdout.includes('\x1b[')).toBe(env.FORCE_COLOR === '1');
      expect(ours.stdout).toBe(reference.stdout);
    }
  }, 60_000);

  it('keeps a code cache per command beside the bundle, and a broken one costs nothing but time', async () => {
    const cacheDir = path.join(dir, 'dist/cli/compile-cache');
    const validateCache = async () => (await readdir(cacheDir).catch(() => [])).filter((f) => /-validate-v\d+\.\d+\.\d+-/.test(f));
    await rm(cacheDir, { recursive: true, force: true });
    const off = await bundled(['validate', 'laptop-phone'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(await validateCache()).toEqual([]);

    const cold = await bundled(['validate', 'laptop-phone']);
    const [file] = await validateCache();
    expect(file).toBeDefined();
    const made = await readFile(path.join(cacheDir, file!));
    expect(made.length).toBeGreaterThan(10_000);

    const warm = await bundled(['validate', 'laptop-phone']);
    // Read, not rewritten.
    expect(await readFile(path.join(cacheDir, file!))).toEqual(made);

    await writeFile(path.join(cacheDir, file!), 'not a code cache');
    const broken = await bundled(['validate', 'laptop-phone']);
    // V8 refused it, the bundle was compiled from source, and a good cache took its place.
    expect((await readFile(path.join(cacheDir, file!))).length).toBeGreaterThan(10_000);
    for (const result of [cold, warm, broken]) expect(result).toEqual(off);
    expect(off.code).toBe(0);

    // Only mailsim's own commands have a cache of their own; anything else shares one.
    expect((await bundled(['no-such-command'])).code).not.toBe(0);
    const names = await readdir(cacheDir);
    expect(names.some((f) => f.includes('no-such-command'))).toBe(false);
    expect(names.some((f) => /-other-v\d/.test(f))).toBe(true);
  }, 60_000);

  it('is ASCII, so the loader may read it as latin1', async () => {
    const bundle = await readFile(path.join(dir, 'dist/cli/command-line.cjs'));
    expect(bundle.length).toBeGreaterThan(1_000_000);
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it("holds neither pino, socks, mailsplit nor nodemailer's fetch (scripts/unused-in-bundle.mjs), only what stands in for them", async () => {
    const bundle = await readFile(path.join(dir, 'dist/cli/command-line.cjs'), 'latin1');
    expect(bundle).not.toMatch(/^\/\/ node_modules\/(pino|socks|thread-stream|sonic-boom|@zone-eu\/mailsplit)\//m);
    // Nor node's HTTP client, which only nodemailer's fetch loaded.
    expect(bundle).not.toContain('require("node:http")');
    expect(bundle).toContain('// unused-in-bundle:pino');
    expect(bundle).toContain('// unused-in-bundle:socks');
    expect(bundle).toContain('// unused-in-bundle:@zone-eu/mailsplit');
    // imapflow itself is there: the laptop-phone test above ran its IMAP devices through it.
    expect(bundle).toMatch(/^\/\/ node_modules\/imapflow\//m);
  });

  it("serves: a scenario's mail, SMTPS and STARTTLS submission and IMAPS, then stops on SIGTERM", async () => {
    // serve reaches our SMTP server over STARTTLS and SMTPS, nodemailer and the TLS code the bundle
    // trims (unused-in-bundle.mjs); the tsx-run tests never load the bundle.
    const child = spawn(process.execPath, [cli, 'serve', ...ANY_PORTS, '--scenario', 'laptop-phone'], { cwd: path.join(dir, 'work'), env: { ...process.env, NO_COLOR: '1' } });
    try {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const table = await tableOf(child);
      const ports = parsePorts(table);
      const ca = certificateOf(table);
      for (const [port, secure] of [[ports.smtps, true], [ports.smtp, false]] as const) {
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure, requireTLS: !secure, tls: { ca }, auth: { user: 'alice@example.com', pass: 'secret' } });
        const sent = await transport.sendMail({ from: 'alice@example.com', to: 'alice@example.com', subject: secure ? 'Over SMTPS' : 'Over STARTTLS', text: 'hi\n' });
        transport.close();
        expect(sent.accepted).toEqual(['alice@example.com']);
      }
      const imap = new ImapFlow({ host: '127.0.0.1', port: ports.imaps, secure: true, tls: { ca }, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
      imap.on('error', () => undefined);
      await imap.connect();
      const subjects: string[] = [];
      const lock = await imap.getMailboxLock('INBOX');
      for await (const message of imap.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
      lock.release();
      await imap.logout();
      // laptop-phone's three deliver steps come before its first other step, then what was sent.
      expect(subjects).toEqual(['Dinner on Friday?', 'Slides for Monday', 'Your statement is ready', 'Over SMTPS', 'Over STARTTLS']);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('knows its version, its built-ins and their validity without node_modules', async () => {
    expect((await bundled(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const list = await bundled(['list']);
    expect(list.stdout).toContain('laptop-phone');
    expect((await bundled(['validate', 'laptop-phone', 'gmail-labels'])).code).toBe(0);
    expect((await bundled(['run', 'no-such-scenario'])).code).toBe(2);
  }, 60_000);
});
