/**
 * The "robustness" section of `npm run bench` (issue 11): each abuse of the server from a client's
 * side, with the process's RSS while it lasts and after cleanup (after a full garbage collection),
 * and the longest event-loop stall seen during it. Figures are printed, never asserted; the tests
 * assert the bounds (test/server/resources.test.ts, test/imap/connection-limits.test.ts).
 * Runs on its own too: `npx tsx bench/robustness.ts`.
 */
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MailServer } from '../src/server/mail-server.js';
import { VirtualClock } from '../src/sim/clock.js';
import { MailStore, type Account } from '../src/store/index.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function rssAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().rss;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0).padStart(5)} MB`;

/** Event-loop turns, no timers: lets sockets deliver what they hold until `probe` stops changing. */
async function settle(probe: () => number, quiet = 300, maxTurns = 200_000): Promise<void> {
  let last = probe();
  for (let turn = 0, same = 0; turn < maxTurns && same < quiet; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = probe();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

class Client {
  private text = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      // Only the tail matters for waiting; long responses are not kept.
      this.text = (this.text + chunk.toString('latin1')).slice(-4096);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<Client> {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new Client(socket);
    await client.until(/\* OK/);
    return client;
  }

  async until(pattern: RegExp): Promise<void> {
    while (!pattern.test(this.text)) {
      if (this.closed) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async command(tag: string, line: string): Promise<void> {
    this.socket.write(`${tag} ${line}\r\n`);
    await this.until(new RegExp(`(^|\\n)${tag} (OK|NO|BAD)`));
  }

  close(): void {
    this.socket.destroy();
  }
}

interface World {
  readonly server: MailServer;
  readonly alice: Account;
  readonly port: number;
}

async function world(): Promise<World> {
  const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const server = await MailServer.start({ store, clock, ports: { pop3: false, smtp: false } });
  return { server, alice, port: server.ports.imap! };
}

async function loggedIn(port: number, select = true): Promise<Client> {
  const client = await Client.open(port);
  await client.command('l', 'LOGIN alice@example.com secret');
  if (select) await client.command('s', 'SELECT INBOX');
  return client;
}

/** Runs one abuse: RSS at its peak (`during`), after cleanup, and the longest stall while it ran. */
async function measureAbuse(name: string, run: (peak: () => void) => Promise<void>): Promise<void> {
  const before = rssAfterGc();
  const stall = monitorEventLoopDelay({ resolution: 5 });
  let peak = 0;
  stall.enable();
  const started = process.hrtime.bigint();
  await run(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stall.disable();
  const after = rssAfterGc();
  console.log(
    `${name.padEnd(52)} RSS ${mb(before)} -> ${mb(peak)} during, ${mb(after)} after cleanup; longest stall ${(stall.max / 1e6).toFixed(0).padStart(5)} ms; ${seconds.toFixed(1)} s`,
  );
}

function drainedOrClosed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function message(i: number, size: number): Buffer {
  const line = 'lorem ipsum dolor sit amet consectetur adipiscing elit\r\n';
  return Buffer.from(`From: bob@example.com\r\nSubject: m${i}\r\n\r\n${line.repeat(Math.ceil(size / line.length))}`);
}

function mimeBomb(i: number, parts: number): Buffer {
  let text = `From: bomb@example.com\r\nSubject: bomb ${i}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n`;
  for (let p = 0; p < parts; p++) text += '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n';
  return Buffer.from(text + '--b--\r\n');
}

/** Runs every abuse, or only those whose numbers (1-based) are given (one process each is fairest). */
export async function robustness(only: readonly number[] = []): Promise<void> {
  console.log('\nrobustness (RSS after a full GC before, highest during, after cleanup; longest event-loop stall)');
  let number = 0;
  const abuse = async (name: string, run: (peak: () => void) => Promise<void>): Promise<void> => {
    number++;
    if (only.length === 0 || only.includes(number)) await measureAbuse(name, run);
  };

  await abuse('a client that never reads (16 MB asked, 4 MB sent)', async (peak) => {
    const { server, alice, port } = await world();
    for (let i = 0; i < 40; i++) alice.inbox.append(message(i, 200_000), { label: 'bench' });
    const client = await loggedIn(port);
    client.socket.pause();
    const tag = 'n'.repeat(200);
    client.socket.write('f FETCH 1:* BODY.PEEK[]\r\n'.repeat(2) + `${tag} NOOP\r\n`.repeat(20_000) + 'z LOGOUT\r\n');
    await settle(() => {
      peak();
      return process.memoryUsage().rss >> 20;
    });
    peak();
    client.socket.resume();
    await client.until(/z OK/);
    client.close();
    await server.close();
  });

  await abuse('delete 200 MB of mail after FETCH and SEARCH', async (peak) => {
    const { server, alice, port } = await world();
    for (let i = 0; i < 100; i++) alice.inbox.append(message(i, 2_000_000), { label: 'bench' });
    const client = await loggedIn(port);
    await client.command('f', 'FETCH 1:* (BODYSTRUCTURE ENVELOPE)');
    await client.command('q', 'SEARCH BODY nothing-matches');
    peak();
    await client.command('d', 'STORE 1:* +FLAGS.SILENT (\\Deleted)');
    await client.command('e', 'EXPUNGE');
    client.close();
    await server.close();
  });

  await abuse('MIME bombs: FETCH BODYSTRUCTURE of 40 x 10,000 parts', async (peak) => {
    const { server, alice, port } = await world();
    for (let i = 0; i < 40; i++) alice.inbox.append(mimeBomb(i, 10_000), { label: 'bench' });
    const client = await loggedIn(port);
    await client.command('f', 'FETCH 1:* (BODYSTRUCTURE)');
    peak();
    await client.command('d', 'STORE 1:* +FLAGS.SILENT (\\Deleted)');
    await client.command('e', 'EXPUNGE');
    client.close();
    await server.close();
  });

  await abuse('4 unauthenticated LOGIN {52428800}, sent in full', async (peak) => {
    const { server, port } = await world();
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const clients = await Promise.all([0, 1, 2, 3].map(() => Client.open(port)));
    await Promise.all(
      clients.map(async (client) => {
        client.socket.write('a LOGIN {52428800}\r\n');
        await client.until(/\+ Ready|\* BYE/);
        for (let i = 0; i < 50 && !client.closed; i++) {
          if (!client.socket.write(chunk)) await drainedOrClosed(client.socket);
          peak();
        }
      }),
    );
    peak();
    for (const client of clients) client.close();
    await server.close();
  });

  await abuse('20 silent sessions while another does 4 x STORE 1:* on 20,000', async (peak) => {
    const { server, alice, port } = await world();
    for (let i = 0; i < 20_000; i++) alice.inbox.append(Buffer.from(`Subject: ${i}\r\n\r\nx\r\n`), { label: 'bench' });
    const silent = await Promise.all(Array.from({ length: 20 }, () => loggedIn(port)));
    const busy = await loggedIn(port);
    for (const flag of ['\\Seen', '\\Flagged', '\\Answered', '$Bench']) await busy.command('b', `STORE 1:* +FLAGS.SILENT (${flag})`);
    peak();
    for (const client of silent) client.close();
    busy.close();
    await server.close();
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await robustness(process.argv.slice(2).map(Number));
