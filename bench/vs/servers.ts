/**
 * The two servers of `npm run bench -- --vs dovecot`, each in processes of its own on loopback
 * ports: mailsim (bench/vs/mailsim-server.ts) and, when installed, Debian's Dovecot with a config
 * and maildirs generated in a temporary directory. Nothing of the system's Dovecot setup is read
 * or changed; both are stopped when the bench ends, however it ends.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, readFileSync, statSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { accounts, message, PASSWORD } from './corpus.mjs';

export interface BenchServer {
  readonly name: string;
  readonly version: string;
  readonly imap: number;
  readonly pop3: number;
  /** Root of the process tree whose CPU is the server's. */
  readonly pid: number;
  /** The end of the server's own log, for when a row fails. */
  log(): string;
  stop(): Promise<void>;
}

/** Children still running, and what to remove after them, for an exit however it comes. */
const running = new Map<ChildProcess, string | undefined>();
process.on('exit', () => {
  for (const [child, dir] of running) {
    child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

const ROOT = path.join(import.meta.dirname, '..', '..');

/** The newest modification time of any file below `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/**
 * The server runs from dist/, as `npx mailsim serve` does: rebuilt first when src/ is newer. The
 * whole `npm run build`, not tsc alone: tsc writes its own dist/cli/main.js over the bundled one
 * (scripts/bundle-cli.mjs), and every later `mailsim` start-up would be measured unbundled.
 */
function ensureBuilt(): void {
  const built = path.join(ROOT, 'dist', 'server', 'start.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(path.join(ROOT, 'src'))) return;
  console.log('building dist/ (src/ changed since the last build): npm run build ...');
  // npm sets npm_execpath for `npm run bench`; run directly (tsx bench/run.ts), npm is on PATH.
  const npm = process.env.npm_execpath;
  if (npm) execFileSync(process.execPath, [npm, 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  else execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * mailsim in a process of its own. BENCH_SERVER_PROF=dir writes a V8 CPU profile of it there
 * (node --cpu-prof) for finding where its time goes; BENCH_SERVER_FLAGS adds other node flags.
 */
export async function startMailsim(version: string): Promise<BenchServer> {
  ensureBuilt();
  const profile = process.env.BENCH_SERVER_PROF;
  // BENCH_SERVER_FLAGS: any other node flags for the server, e.g. "--heap-prof --heap-prof-dir=/tmp/heap".
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...flags, path.join(import.meta.dirname, 'mailsim-server.mjs')];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  running.set(child, undefined);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the mailsim bench server exited (${code}) before listening`)));
  });
  const ports = JSON.parse(line) as { imap: number; pop3: number };
  return {
    name: 'mailsim',
    version,
    imap: ports.imap,
    pop3: ports.pop3,
    pid: child.pid!,
    log: () => '(mailsim writes its errors to stderr, above)',
    async stop() {
      child.stdin!.end();
      await exited(child);
      running.delete(child);
    },
  };
}

/** Where Debian puts the binary; PATH for other installs. */
export function findDovecot(): string | undefined {
  for (const candidate of ['/usr/sbin/dovecot', ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'dovecot'))]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const DOVECOT_HOWTO = 'Dovecot is not installed; to compare with it: sudo apt-get install dovecot-imapd dovecot-pop3d (the bench runs its own copy on loopback ports, with a config in a temporary directory)';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not answer on port ${port}`);
}

/**
 * Who the mail processes run as. As root, Debian's own unprivileged `dovecot` user (Dovecot
 * refuses to access mail as root); otherwise the rootless setup of Dovecot's documentation: every
 * service and the mail itself as the current user.
 */
function identity(): { login: string; internal: string; uid: number; gid: number } {
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).trim());
    return { login: 'dovenull', internal: 'dovecot', uid, gid };
  }
  const me = os.userInfo().username;
  return { login: me, internal: me, uid: process.getuid!(), gid: process.getgid!() };
}

function config(dir: string, imap: number, pop3: number, who: ReturnType<typeof identity>): string {
  return `# Generated by mailsim's bench (bench/vs/servers.ts); removed when the bench ends.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
default_login_user = ${who.login}
default_internal_user = ${who.internal}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/home/%u
}
# Twenty bench clients log in as one user from one address (the default allows 10).
protocol imap {
  mail_max_userip_connections = 1000
}
protocol pop3 {
  mail_max_userip_connections = 1000
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${imap}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${pop3}
  }
  inet_listener pop3s {
    port = 0
  }
}
`;
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else chownSync(full, uid, gid);
  }
}

function logTail(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startDovecot(binary: string): Promise<BenchServer> {
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailsim-bench-dovecot-'));
  // Dovecot's unprivileged processes must reach the passwd file and the maildirs below it.
  chmodSync(dir, 0o755);
  const who = identity();
  const [imap, pop3] = [await freePort(), await freePort()];
  writeFileSync(path.join(dir, 'passwd'), accounts().map(({ user }) => `${user}:{PLAIN}${PASSWORD}\n`).join(''));
  for (const { user, messages } of accounts()) {
    const maildir = path.join(dir, 'home', user, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(maildir, sub), { recursive: true });
    for (let i = 0; i < messages; i++) {
      const bytes = message(i);
      // Maildir's S= is the file's size; ":2," with no flags, as mailsim's messages have none.
      const name = `${1_700_000_000 + i}.M${i}P1.mailsim-bench,S=${bytes.length}:2,`;
      writeFileSync(path.join(maildir, 'cur', name), bytes);
    }
  }
  if (process.getuid?.() === 0) chownTree(path.join(dir, 'home'), who.uid, who.gid);
  mkdirSync(path.join(dir, 'run'));
  mkdirSync(path.join(dir, 'state'));
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, imap, pop3, who));
  const child = spawn(binary, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  running.set(child, dir);
  try {
    await waitForGreeting(imap, child);
    await waitForGreeting(pop3, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its log:\n${logTail(dir)}`);
  }
  return {
    name: 'Dovecot',
    version,
    imap,
    pop3,
    pid: child.pid!,
    log: () => logTail(dir),
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
