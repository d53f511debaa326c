/**
 * `npm run bench`: how fast mailsim is, measured and printed, never asserted (timing belongs to a
 * benchmark, not to a test). Each figure is the median of several rounds on this machine.
 */
import Table from 'cli-table3';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { getParsed } from '../src/mime/index.js';
import { Pop3Client } from '../src/pop3/index.js';
import { makeStyle } from '../src/report/style.js';
import { renderTable } from '../src/report/table.js';
import { loadScenarioFile } from '../src/scenario/loader.js';
import { runScenario } from '../src/scenario/runner.js';
import { MailServer } from '../src/server/mail-server.js';
import { VirtualClock } from '../src/sim/clock.js';
import { robustness } from './robustness.js';
import { MailStore } from '../src/store/index.js';
import type { Scenario } from '../src/scenario/types.js';
import { execFileSync } from 'node:child_process';
import { generateSelfSigned } from '../src/tls/certificate.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// `npm run bench -- --scale`: only how a scenario's cost grows with its size, and start-up (bench/scale/).
if (process.argv.includes('--scale')) {
  const { scale } = await import('./scale/index.js');
  await scale(ROUNDS);
  process.exit(0);
}

// `npm run bench -- --vs dovecot` (or `--vs none`): only the server rows, side by side (bench/vs/).
if (process.argv.includes('--vs')) {
  const { serverSection } = await import('./vs/index.js');
  const { VERSION } = await import('../src/version.js');
  await serverSection(process.argv, ROUNDS, VERSION);
  process.exit(0);
}

async function measure(name: string, unit: string, work: () => Promise<number>): Promise<void> {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    const count = await work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(count / seconds);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(`${name.padEnd(52)} ${median.toFixed(median < 10 ? 2 : 0).padStart(10)} ${unit}`);
}

function message(i: number, bodyBytes = 2_000): Buffer {
  return Buffer.from(
    `From: Bob <bob@example.com>\r\nTo: alice@example.com\r\nSubject: Message ${i}\r\nDate: Mon, 04 Mar 2024 09:00:00 +0000\r\n` +
      `Message-ID: <${i}@bench>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${'lorem ipsum dolor sit amet '.repeat(bodyBytes / 27)}\r\n`,
  );
}

async function world(messages: number) {
  const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  for (let i = 0; i < messages; i++) alice.inbox.append(message(i), { label: 'bench' });
  const server = await MailServer.start({ store, clock });
  return { store, alice, server };
}

console.log(`mailsim benchmark · node ${process.version} · ${ROUNDS} rounds, median\n`);

const laptopPhone = await loadScenarioFile('scenarios/laptop-phone.yaml');
// The same story with every device on plaintext (security: none): what TLS costs a run.
const plaintext: Scenario = {
  ...laptopPhone,
  variants: laptopPhone.variants.map((variant) => ({ ...variant, devices: new Map([...variant.devices].map(([name, settings]) => [name, { ...settings, security: 'none' as const }])) })),
};
// One run of each first: whichever is measured first would otherwise pay for loading the modules
// (node's TLS, asn1js) and warming the JIT, and look slower for it.
await runScenario(laptopPhone);
await runScenario(plaintext);
// Interleaved, round by round, so a busy moment of the machine falls on both alike.
{
  const seconds: Record<'tls' | 'plain', number[]> = { tls: [], plain: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [form, scenario] of [['tls', laptopPhone], ['plain', plaintext]] as const) {
      const start = process.hrtime.bigint();
      await runScenario(scenario);
      seconds[form].push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  console.log(`${'scenario laptop-phone (both variants, SSL/TLS)'.padEnd(52)} ${(1 / median(seconds.tls)).toFixed(2).padStart(10)} runs/s`);
  console.log(`${'scenario laptop-phone (both variants, no TLS)'.padEnd(52)} ${(1 / median(seconds.plain)).toFixed(2).padStart(10)} runs/s`);
}

// A fresh process each round: the module loading is most of what a certificate costs at start.
await measure('TLS certificate made in a fresh process', 'certs/s', async () => {
  execFileSync(process.execPath, ['--import', 'tsx', '-e', "const { generateSelfSigned } = await import('./src/tls/certificate.ts'); generateSelfSigned();"], { stdio: 'ignore' });
  return 1;
});
await measure('  a fresh process alone, for comparison', 'starts/s', async () => {
  execFileSync(process.execPath, ['--import', 'tsx', '-e', ''], { stdio: 'ignore' });
  return 1;
});
await measure('TLS certificate made, modules already loaded', 'certs/s', async () => {
  for (let i = 0; i < 20; i++) generateSelfSigned();
  return 20;
});

{
  const { server } = await world(2_000);
  await measure('IMAP FETCH 1:* (UID FLAGS ENVELOPE), 2000 messages', 'msgs/s', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
    await client.connect();
    await client.mailboxOpen('INBOX');
    let n = 0;
    for await (const _ of client.fetch('1:*', { uid: true, flags: true, envelope: true })) n++;
    await client.logout();
    return n;
  });
  await measure('IMAP FETCH 1:* BODY.PEEK[] (2 kB each), 2000 messages', 'msgs/s', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
    await client.connect();
    await client.mailboxOpen('INBOX');
    let n = 0;
    for await (const _ of client.fetch('1:*', { source: true })) n++;
    await client.logout();
    return n;
  });
  await measure('IMAP SEARCH BODY "ipsum" over 2000 messages', 'searches/s', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
    await client.connect();
    await client.mailboxOpen('INBOX');
    for (let i = 0; i < 5; i++) await client.search({ body: 'ipsum' });
    await client.logout();
    return 5;
  });
  await measure('IMAP STORE +FLAGS, one command per message, 500', 'stores/s', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
    await client.connect();
    await client.mailboxOpen('INBOX');
    for (let uid = 1; uid <= 500; uid++) await client.messageFlagsAdd(String(uid), ['$Bench'], { uid: true });
    await client.messageFlagsRemove('1:500', ['$Bench'], { uid: true });
    await client.logout();
    return 500;
  });
  await server.close();
}

{
  const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
  const store = new MailStore(clock);
  store.addAccount('alice@example.com', 'secret');
  const identity = generateSelfSigned();
  const server = await MailServer.start({ store, clock, tls: { identity } });
  for (const [name, port, security] of [
    ['IMAP connect, login, logout: plaintext', server.ports.imap!, { doSTARTTLS: false }],
    ['IMAP connect, login, logout: SSL/TLS (993)', server.ports.imaps!, { secure: true }],
    ['IMAP connect, login, logout: STARTTLS (143)', server.ports.imap!, { doSTARTTLS: true }],
  ] as const) {
    await measure(name, 'logins/s', async () => {
      for (let i = 0; i < 20; i++) {
        const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, ...security, tls: { ca: identity.cert }, logger: false, auth: { user: 'alice@example.com', pass: 'secret' } });
        await client.connect();
        await client.logout();
      }
      return 20;
    });
  }
  await server.close();
}

await measure('POP3 login, UIDL, RETR of 500 messages, QUIT', 'msgs/s', async () => {
  const { server } = await world(500);
  const client = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3! });
  await client.login('alice@example.com', 'secret');
  const listing = await client.uidl();
  for (const { number } of listing) await client.retr(number);
  await client.quit();
  await server.close();
  return listing.length;
});

await measure('SMTP delivery over one connection, 300 messages', 'msgs/s', async () => {
  const { server } = await world(0);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtp!, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
  for (let i = 0; i < 300; i++) await transport.sendMail({ from: 'bob@example.com', to: 'alice@example.com', subject: `s${i}`, text: 'hello' });
  transport.close();
  await server.close();
  return 300;
});

{
  const big = Buffer.concat([
    Buffer.from('Subject: big\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'),
    ...Array.from({ length: 20 }, (_, i) => Buffer.from(`--b\r\nContent-Type: text/plain\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(1) + `${'y'.repeat(76)}\r\n`.repeat(6_500) + (i === 19 ? '--b--\r\n' : ''))),
  ]);
  await measure(`MIME part tree of a ${(big.length / 1e6).toFixed(1)} MB multipart message`, 'MB/s', async () => {
    const copy = Buffer.from(big); // a new Buffer each round: the parse cache is keyed by identity
    getParsed(copy);
    return copy.length / 1e6;
  });
}

await robustness();

{
  // The report's tables: our renderer against cli-table3 (which it replaced; its layout is
  // quadratic in the rows, so it gets one round). Rows per second on a 10,000-row device table.
  const head = ['#', 'Folder', 'Subject', 'From', 'Date', 'State'];
  const rows = Array.from({ length: 10_000 }, (_, i) => [String(i + 1), 'INBOX', `Message ${i} about the quarterly report`, 'Bob Smith', '09:00', 'unread']);
  const style = makeStyle(false);
  await measure('table, 10,000 rows, natural width (mailsim)', 'rows/s', async () => {
    renderTable(style, head, rows);
    return rows.length;
  });
  await measure('table, 10,000 rows, fitted to 60 columns (mailsim)', 'rows/s', async () => {
    renderTable(style, head, rows, { width: 60 });
    return rows.length;
  });
  const start = process.hrtime.bigint();
  const table = new Table({ head, style: { head: [], border: [], compact: true }, wordWrap: false });
  for (const row of rows) table.push(row);
  table.toString();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${'table, 10,000 rows, natural width (cli-table3, 1 round)'.padEnd(52)} ${(rows.length / seconds).toFixed(0).padStart(10)} rows/s`);
}

{
  const { scale } = await import('./scale/index.js');
  await scale(ROUNDS);
}
