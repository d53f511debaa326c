/**
 * The server rows of issue 13's table, each a function that runs its load against one server and
 * returns figures. The same load client (load-client.ts) drives both servers.
 */
import { IDLE_USER, IMAP_MESSAGES, IMAP_USER, PASSWORD, POP3_CLIENTS, POP3_MESSAGES, message, pop3User } from './corpus.mjs';
import { treeCpuSeconds } from './cpu.js';
import { ImapLoadClient, Pop3LoadClient } from './load-client.js';
import type { BenchServer } from './servers.js';

export const IMAP_CLIENTS = 20;
const IDLERS = 20;
const IDLE_APPENDS = 40;
const IDLE_WARM_UP = 5;

/** What one timed round measured. */
export interface Round {
  readonly seconds: number;
  /** CPU seconds of the server's processes during the round. */
  readonly serverCpu: number;
  /** CPU seconds of the load client (this process) during the round. */
  readonly clientCpu: number;
  /** Row-specific: messages moved, or latencies in ms. */
  readonly count: number;
  readonly samples?: readonly number[];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function timed(server: BenchServer, count: number, work: () => Promise<void>): Promise<Round> {
  const cpuBefore = treeCpuSeconds(server.pid);
  const clientBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const client = process.cpuUsage(clientBefore);
  return { seconds, serverCpu: treeCpuSeconds(server.pid) - cpuBefore, clientCpu: (client.user + client.system) / 1e6, count };
}

async function imapClients(server: BenchServer, count: number, user: string): Promise<ImapLoadClient[]> {
  const clients = await Promise.all(Array.from({ length: count }, () => ImapLoadClient.open(server.imap, user, PASSWORD)));
  await Promise.all(clients.map((client) => client.run(['SELECT INBOX'])));
  return clients;
}

/** A row: set-up once, then `rounds` timed rounds after one untimed warm-up round. */
export interface Row {
  readonly id: string;
  readonly title: string;
  /** Passes over both servers (default: the bench's rounds); each pass warms up, then times one round. */
  readonly passes?: number;
  run(server: BenchServer, rounds: number): Promise<Round[]>;
}

const fetchBodies: Row = {
  id: 'imap-fetch',
  title: `IMAP, ${IMAP_CLIENTS} clients × ${IMAP_MESSAGES.toLocaleString('en-US')} FETCH i (BODY.PEEK[])`,
  async run(server, rounds) {
    const clients = await imapClients(server, IMAP_CLIENTS, IMAP_USER);
    const commands = range(1, IMAP_MESSAGES).map((i) => `FETCH ${i} (BODY.PEEK[])`);
    const out: Round[] = [];
    for (let round = 0; round <= rounds; round++) {
      const result = await timed(server, IMAP_CLIENTS * IMAP_MESSAGES, () => Promise.all(clients.map((client) => client.expect(commands, IMAP_MESSAGES))).then(() => undefined));
      if (round > 0) out.push(result);
    }
    for (const client of clients) client.close();
    return out;
  },
};

const pop3Retr: Row = {
  id: 'pop3-retr',
  title: `POP3, ${POP3_CLIENTS} clients (one maildrop each) × ${POP3_MESSAGES.toLocaleString('en-US')} RETR`,
  async run(server, rounds) {
    const out: Round[] = [];
    const numbers = range(1, POP3_MESSAGES);
    for (let round = 0; round <= rounds; round++) {
      const clients = await Promise.all(Array.from({ length: POP3_CLIENTS }, (_, i) => Pop3LoadClient.open(server.pop3, pop3User(i), PASSWORD)));
      const result = await timed(server, POP3_CLIENTS * POP3_MESSAGES, () => Promise.all(clients.map((client) => client.retrieve(numbers))).then(() => undefined));
      // RSET first: the next round finds the maildrops as this one did.
      await Promise.all(clients.map((client) => client.reset().then(() => client.quit())));
      if (round > 0) out.push(result);
    }
    return out;
  },
};

const FLAGS_COMMANDS_PER_ROUND = 10;

const fetchFlags: Row = {
  id: 'fetch-flags',
  title: `FETCH 1:${IMAP_MESSAGES} (FLAGS), one client, latency`,
  async run(server, rounds) {
    const [client] = await imapClients(server, 1, IMAP_USER);
    const out: Round[] = [];
    for (let round = 0; round <= rounds; round++) {
      const samples: number[] = [];
      const result = await timed(server, FLAGS_COMMANDS_PER_ROUND, async () => {
        for (let i = 0; i < FLAGS_COMMANDS_PER_ROUND; i++) {
          const start = process.hrtime.bigint();
          await client!.expect([`FETCH 1:${IMAP_MESSAGES} (FLAGS)`], IMAP_MESSAGES);
          samples.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
      });
      if (round > 0) out.push({ ...result, samples });
    }
    client!.close();
    return out;
  },
};

const SINGLE_FETCHES = 10_000;
const FLAGS_FETCHES = 40_000 / IMAP_MESSAGES;
const ENVELOPE_FETCHES = 10_000 / IMAP_MESSAGES;

const cpuMix: Row = {
  id: 'cpu-mix',
  title: `server CPU: ${SINGLE_FETCHES.toLocaleString('en-US')} FETCH i (BODY.PEEK[]) + ${FLAGS_FETCHES} × FETCH 1:${IMAP_MESSAGES} (FLAGS) + ${ENVELOPE_FETCHES} × (ENVELOPE)`,
  async run(server, rounds) {
    const [client] = await imapClients(server, 1, IMAP_USER);
    const commands = [
      ...range(0, SINGLE_FETCHES - 1).map((i) => `FETCH ${(i % IMAP_MESSAGES) + 1} (BODY.PEEK[])`),
      ...range(1, FLAGS_FETCHES).map(() => `FETCH 1:${IMAP_MESSAGES} (FLAGS)`),
      ...range(1, ENVELOPE_FETCHES).map(() => `FETCH 1:${IMAP_MESSAGES} (ENVELOPE)`),
    ];
    const out: Round[] = [];
    for (let round = 0; round <= rounds; round++) {
      const result = await timed(server, commands.length, () => client!.expect(commands, SINGLE_FETCHES + (FLAGS_FETCHES + ENVELOPE_FETCHES) * IMAP_MESSAGES));
      if (round > 0) out.push(result);
    }
    client!.close();
    return out;
  },
};

const idleFanOut: Row = {
  id: 'idle',
  // Dovecot tells idlers about half a second after a change: one pass of IDLE_APPENDS is enough.
  passes: 1,
  title: `IDLE fan-out to ${IDLERS} idlers, from APPEND to EXISTS`,
  async run(server, rounds) {
    const idlers = await imapClients(server, IDLERS, IDLE_USER);
    const [appender] = await imapClients(server, 1, IDLE_USER);
    // What each idler has been told, and the next count every idler waits for.
    let exists = 0;
    const told = new Map<ImapLoadClient, number>();
    let sentAt = 0n;
    let samples: number[] = [];
    let wake: (() => void) | undefined;
    for (const idler of idlers) {
      idler.onExists = (count) => {
        if (count > (told.get(idler) ?? 0)) samples.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
        told.set(idler, count);
        if ([...told.values()].filter((n) => n >= exists).length === IDLERS) wake?.();
      };
    }
    await appender!.run(['STATUS INBOX (MESSAGES)']);
    await Promise.all(idlers.map((idler) => idler.idle()));
    const out: Round[] = [];
    for (let round = 0; round <= rounds; round++) {
      samples = [];
      const appends = round === 0 ? IDLE_WARM_UP : IDLE_APPENDS;
      const result = await timed(server, appends, async () => {
        for (let i = 0; i < appends; i++) {
          exists = Math.max(...idlers.map((idler) => told.get(idler) ?? 0), 0) + 1;
          const everyone = new Promise<void>((resolve) => (wake = resolve));
          await appender!.withLiteral('APPEND INBOX', message(i), () => (sentAt = process.hrtime.bigint()));
          await everyone;
        }
      });
      if (round > 0) out.push({ ...result, samples: [...samples] });
    }
    for (const client of [...idlers, appender!]) client.close();
    return out;
  },
};

export const ROWS: readonly Row[] = [fetchBodies, pop3Retr, fetchFlags, cpuMix, idleFanOut];
