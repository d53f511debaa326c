/**
 * `npm run bench -- --vs dovecot`: the server rows of issue 13's table, run against mailsim and,
 * when it is installed, Debian's Dovecot, with the same load client, rounds interleaved (mailsim,
 * Dovecot, mailsim, ...) so a change in the machine's load hits both alike. Medians of the rounds;
 * ratios are mailsim's figure over Dovecot's from the same run. `--rows a,b` picks rows by id.
 */
import { cpuAvailable, loadAverage } from './cpu.js';
import { ROWS, type Round, type Row } from './rows.js';
import { DOVECOT_HOWTO, findDovecot, startDovecot, startMailsim, type BenchServer } from './servers.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** How a row's rounds become one figure, and whether bigger is better. */
interface Figure {
  readonly label: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly goal: string;
  value(rounds: readonly Round[]): number;
}

const throughput = (goal: string): Figure => ({ label: 'messages/s', unit: 'msgs/s', higherIsBetter: true, goal, value: (rounds) => median(rounds.map((r) => r.count / r.seconds)) });

const FIGURES: Record<string, readonly Figure[]> = {
  'imap-fetch': [throughput('≥ 1.5 ×')],
  'pop3-retr': [throughput('≥ 1.5 ×')],
  'fetch-flags': [{ label: 'median latency', unit: 'ms', higherIsBetter: false, goal: '≤ 10 ms', value: (rounds) => median(rounds.flatMap((r) => r.samples ?? [])) }],
  'cpu-mix': [{ label: 'server CPU', unit: 's', higherIsBetter: false, goal: '≤ 0.6 ×', value: (rounds) => median(rounds.map((r) => r.serverCpu)) }],
  idle: [
    { label: 'p50 from APPEND', unit: 'ms', higherIsBetter: false, goal: '', value: (rounds) => percentile(rounds.flatMap((r) => r.samples ?? []), 50) },
    { label: 'p99 from APPEND', unit: 'ms', higherIsBetter: false, goal: '≤ 5 ms', value: (rounds) => percentile(rounds.flatMap((r) => r.samples ?? []), 99) },
  ],
};

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

const pad = (text: string, width: number) => text.padStart(width);

async function runRow(row: Row, servers: readonly BenchServer[], rounds: number): Promise<Round[][]> {
  // Interleaved: one round of each server in turn, each preceded by its warm-up on the first pass.
  const results: Round[][] = servers.map(() => []);
  for (let pass = 0; pass < (row.passes ?? rounds); pass++) {
    for (const [i, server] of servers.entries()) {
      const out = await row.run(server, 1);
      results[i]!.push(...out);
    }
  }
  return results;
}

export async function serverSection(argv: readonly string[], rounds: number, version: string): Promise<void> {
  const vs = argv[argv.indexOf('--vs') + 1];
  const rowsArg = argv.includes('--rows') ? argv[argv.indexOf('--rows') + 1]!.split(',') : undefined;
  const rows = ROWS.filter((row) => rowsArg === undefined || rowsArg.includes(row.id));
  if (!cpuAvailable()) console.log('(no /proc here: server CPU figures are not available)');
  const servers: BenchServer[] = [await startMailsim(version)];
  if (vs === 'dovecot') {
    const binary = findDovecot();
    if (binary) servers.push(await startDovecot(binary));
    else console.log(`${DOVECOT_HOWTO}\nRunning mailsim alone.\n`);
  } else if (vs !== undefined && vs !== 'none') {
    console.log(`--vs ${vs}: only "dovecot" (or "none") is known; running mailsim alone.\n`);
  }
  try {
    const names = servers.map((s) => `${s.name} ${s.version}`).join(' vs ');
    console.log(`server bench · ${names} · node ${process.version} · load average ${loadAverage()} at start · ${rounds} rounds, median\n`);
    const width = 30;
    const header = `${'row'.padEnd(74)}${servers.map((s) => pad(s.name, width)).join('')}${servers.length > 1 ? pad('ratio', 10) + pad('goal', 10) : ''}`;
    console.log(header);
    for (const row of rows) {
      const results = await runRow(row, servers, rounds);
      for (const figure of FIGURES[row.id] ?? []) {
        const values = results.map((r) => figure.value(r));
        const ratio = values.length > 1 ? values[0]! / values[1]! : Number.NaN;
        const cells = values.map((v) => pad(format(v, figure.unit), width)).join('');
        const ratioCell = servers.length > 1 ? pad(`${ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2)} ×`, 10) + pad(figure.goal, 10) : '';
        console.log(`${`${row.title} · ${figure.label}`.padEnd(74)}${cells}${ratioCell}`);
      }
      // What the load cost: the client's own CPU next to each server's, per round (median).
      const cpu = results.map((r) => `server ${median(r.map((x) => x.serverCpu)).toFixed(2)} s, client ${median(r.map((x) => x.clientCpu)).toFixed(2)} s`);
      console.log(`${'    CPU per round'.padEnd(74)}${cpu.map((c) => pad(c, width)).join('')}`);
    }
    console.log(`\nload average ${loadAverage()} at the end`);
  } catch (error) {
    for (const server of servers) console.log(`${server.name}'s log:\n${server.log()}`);
    throw error;
  } finally {
    for (const server of servers) await server.stop();
  }
}
