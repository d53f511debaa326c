import '../zod-jitless.js';
import { readFileSync } from 'node:fs';
import { wrapParagraph } from '../../text/width.js';
import type { WireEvent } from '../../protocol/transcript.js';
import { LISTENER_ORDER, LISTENERS, type Listener } from '../../server/endpoints.js';
import { Sender } from '../../scenario/compose.js';
import { loadScenarioFile } from '../../scenario/loader.js';
import { deliveredMessages } from '../../scenario/messages.js';
import type { Step } from '../../scenario/schema.js';
import type { Scenario } from '../../scenario/types.js';
import { ServerStartError } from '../../server/errors.js';
import { connectableHost, isLoopbackHost } from '../../server/hosts.js';
import { startServer, type RunningServer, type ServerUser } from '../../server/start.js';
import { userAddress } from '../../server/users.js';
import { SeededRandom } from '../../sim/rng.js';
import { StoreError } from '../../store/errors.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';
import { wrapLines } from '../../text/width.js';
import { outputWidth } from '../width.js';
import { resolveScenarioArg } from '../scenario-arg.js';
import { CapabilityChangeError } from '../../imap/capability-changes.js';
import { featuresOf } from '../../imap/features.js';
import { STANDARD_PROFILE } from '../../providers/standard.js';
import { withSuggestion } from '../../scenario/suggest.js';

export interface ServeFlags {
  readonly imapPort: number;
  readonly pop3Port: number;
  readonly smtpPort: number;
  /** Implicit-TLS ports; unused with --no-tls. Default 1993, 1995, 1465 (CLI defaults). */
  readonly imapsPort?: number;
  readonly pop3sPort?: number;
  readonly smtpsPort?: number;
  /** False with --no-tls. Default true. */
  readonly tls?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly host: string;
  /** From repeated --user name:password; undefined when none was given. */
  readonly user?: readonly ServerUser[];
  readonly scenario?: string;
  readonly trace?: boolean;
  /** --capabilities -QRESYNC,-COMPRESS: IMAP extensions off (or +NAME on). */
  readonly capabilities?: readonly string[];
  /** --login-throttle / --no-login-throttle; undefined: on exactly when --host is not loopback. */
  readonly loginThrottle?: boolean;
}

/** Accounts `mailsim serve` creates when neither --user nor --scenario names any. */
export const DEFAULT_SERVE_USERS: readonly ServerUser[] = [
  { user: 'alice', password: 'secret' },
  { user: 'bob', password: 'secret' },
];

const PORT_FLAG = { imap: '--imap-port', pop3: '--pop3-port', smtp: '--smtp-port', imaps: '--imaps-port', pop3s: '--pop3s-port', smtps: '--smtps-port' } as const;

/**
 * `mailsim serve`: the embedded server on real ports for mail clients and other programs. Prints
 * the connection table, then runs until io.onSignal reports SIGINT/SIGTERM, then closes every
 * connection and returns 0.
 */
export async function serveCommand(flags: ServeFlags, io: CliIO): Promise<ExitCode> {
  if (!io.onSignal) throw new Error('serve needs io.onSignal to learn when to stop');
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  // Listen before starting, so a signal that arrives during startup still ends in a clean close.
  const removeListeners = io.onSignal((signal) => stop(signal));
  try {
    const scenario = flags.scenario === undefined ? undefined : await loadScenario(flags.scenario, io);
    const users = [...(scenario?.accounts.map((a) => ({ user: a.address, password: a.password })) ?? []), ...(flags.user ?? (scenario ? [] : DEFAULT_SERVE_USERS))];
    if (!isLoopbackHost(flags.host)) {
      io.stderr.write(
        flags.tls === false
          ? `mailsim: warning: listening on ${flags.host}, reachable from other machines, with --no-tls:\n` +
              `  passwords and mail cross the network in plaintext. Use it only on a network you trust.\n`
          : `mailsim: warning: listening on ${flags.host}, reachable from other machines. The plain ports still\n` +
              `  accept logins without TLS; point clients at the SSL/TLS ports or STARTTLS, on a network you trust.\n`,
      );
    }
    const server = await start(flags, users, io);
    if (server.loginThrottle) {
      const { initialDelayMs, maxDelayMs } = server.loginThrottle;
      io.stderr.write(`mailsim: failed logins are answered after ${initialDelayMs / 1000} s, doubling per failure from the same address up to ${maxDelayMs / 1000} s (--no-login-throttle turns this off)\n`);
    }
    try {
      if (scenario) await deliverInitialMessages(scenario, server);
      for (const note of server.capabilityNotes) io.stderr.write(`mailsim: --capabilities: ${note}\n`);
      // The table's long instruction lines wrap under their second column at the terminal's width.
      io.stdout.write(wrapLines(renderServeTable(server, users), outputWidth(io)));
      const signal = await stopped;
      io.stderr.write(`mailsim: ${signal}: closing connections and stopping\n`);
    } finally {
      await server.close();
    }
    return EXIT.OK;
  } finally {
    removeListeners();
  }
}

/** A built-in name or a path, as `mailsim run` takes it. */
async function loadScenario(arg: string, io: CliIO): Promise<Scenario> {
  const { file, display } = resolveScenarioArg(arg, io);
  return loadScenarioFile(file, display);
}

async function start(flags: ServeFlags, users: readonly ServerUser[], io: CliIO): Promise<RunningServer> {
  // One stderr line per protocol line, each prefixed, even for multi-line SMTP replies.
  const traceLine = (e: WireEvent): string => e.text.split(/\r?\n/).map((line) => `${e.protocol}#${e.connection} ${e.direction}: ${line}\n`).join('');
  const trace = flags.trace ? { onWire: (e: WireEvent) => io.stderr.write(traceLine(e)) } : {};
  try {
    const tls = flags.tls === false ? undefined : readTlsFiles(flags);
    return await startServer({
      host: flags.host,
      ports: {
        imap: flags.imapPort,
        pop3: flags.pop3Port,
        smtp: flags.smtpPort,
        ...(tls ? { imaps: flags.imapsPort ?? DEFAULT_TLS_PORTS.imaps, pop3s: flags.pop3sPort ?? DEFAULT_TLS_PORTS.pop3s, smtps: flags.smtpsPort ?? DEFAULT_TLS_PORTS.smtps } : {}),
      },
      ...(tls ? { tls } : {}),
      users,
      ...(flags.loginThrottle === undefined ? {} : { loginThrottle: flags.loginThrottle }),
      ...(flags.capabilities ? { capabilities: flags.capabilities } : {}),
      ...trace,
    });
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(`--user: ${error.message}`);
    if (!(error instanceof ServerStartError)) throw error;
    const flagsNamed = error.protocols.map((p) => PORT_FLAG[p]);
    const choose = `choose ${error.code === 'SAME_PORT' ? 'others' : 'another'} with ${flagsNamed.join(' or ') || 'the --*-port options'}, or 0 for any free port`;
    switch (error.code) {
      case 'PORT_IN_USE':
      case 'PORT_FORBIDDEN':
      case 'SAME_PORT':
        throw new UsageError(`${error.message}; ${choose}`);
      case 'HOST_UNAVAILABLE':
        throw new UsageError(`--host: ${error.message}; use 127.0.0.1 (the default) or an address this machine has`);
      case 'BAD_PORT':
        throw new UsageError(error.message);
      case 'BAD_TLS':
        throw new UsageError(`--tls-cert/--tls-key: ${error.message.replace(/^tls: /, '')}; give a PEM certificate and its private key, or leave both out for a self-signed certificate`);
      case 'BAD_CAPABILITY': {
        const cause = error.cause instanceof CapabilityChangeError ? error.cause : undefined;
        const unknown = cause?.unknown;
        if (!unknown) throw new UsageError(`--capabilities: ${error.message}`);
        throw new UsageError(withSuggestion(`--capabilities: unknown IMAP capability "${unknown.name}"`, unknown.name, unknown.known) + `\n${wrapList('known: ', unknown.known)}`);
      }
    }
  }
}

/** The implicit-TLS ports `serve` uses when the flags do not say: the real ones plus 1000, as 1143/1110 are. */
export const DEFAULT_TLS_PORTS = { imaps: 1993, pop3s: 1995, smtps: 1465 } as const;

/** --tls-cert and --tls-key, read as PEM text; neither means a self-signed certificate. */
function readTlsFiles(flags: ServeFlags): true | { cert: string; key: string } {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return true;
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) {
    throw new UsageError(`${flags.tlsCert === undefined ? '--tls-key' : '--tls-cert'} needs ${flags.tlsCert === undefined ? '--tls-cert' : '--tls-key'} too: give the certificate and its private key`);
  }
  const read = (flag: string, file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  return { cert: read('--tls-cert', flags.tlsCert), key: read('--tls-key', flags.tlsKey) };
}

/**
 * --scenario: the messages the scenario's `deliver` steps send before its first step of any other
 * kind (notes aside), i.e. the mail already waiting when the story's devices first act. Later
 * deliveries belong to the story's timeline, which `serve` does not play. Sent over SMTP with the
 * scenario's seed and start time: the same senders, bodies, Message-IDs and Date headers as `mailsim run`.
 */
export function initialDeliveries(scenario: Scenario): Extract<Step, { kind: 'deliver' }>[] {
  const steps: Extract<Step, { kind: 'deliver' }>[] = [];
  for (const step of scenario.steps) {
    if (step.kind === 'note') continue;
    if (step.kind !== 'deliver') break;
    steps.push(step);
  }
  return steps;
}

async function deliverInitialMessages(scenario: Scenario, server: RunningServer): Promise<void> {
  const sender = new Sender(connectableHost(server.host), server.ports.smtp!, new SeededRandom(scenario.seed));
  try {
    for (const { args } of initialDeliveries(scenario)) {
      const to = args.to === undefined ? [scenario.accounts[0]!.address] : typeof args.to === 'string' ? [args.to] : [...args.to];
      const cc = args.cc === undefined ? [] : typeof args.cc === 'string' ? [args.cc] : [...args.cc];
      const accounts = [...to, ...cc].filter((a) => scenario.accounts.some((x) => x.address.toLowerCase() === a.toLowerCase()));
      if (args.loaded) {
        await sender.deliverRaw(args.loaded, 'sender@mailsim.test', accounts);
        continue;
      }
      for (const { subject } of deliveredMessages(args)) {
        await sender.send({ from: args.from, to, cc, subject, body: args.body, html: args.html, date: scenario.start }, accounts);
      }
    }
  } finally {
    sender.close();
  }
}

/** What a mail client's settings screen calls each listener's security, here. */
const SECURITY_HERE: Record<Listener, string> = {
  imap: 'STARTTLS, or none',
  pop3: 'STARTTLS (STLS), or none',
  smtp: 'STARTTLS, or none (login optional)',
  imaps: 'SSL/TLS',
  pop3s: 'SSL/TLS',
  smtps: 'SSL/TLS (login optional)',
};

/** What a real server offers on the well-known port, as a person types it into a client. */
function realServer(listener: Listener, tls: boolean): string {
  const { wellKnownPort, implicitTls } = LISTENERS[listener];
  if (implicitTls) return `${wellKnownPort} SSL/TLS`;
  return tls ? `${wellKnownPort} STARTTLS` : `${wellKnownPort}`;
}

/** What to type into a mail client: servers, ports and accounts. Plain aligned text, easy to copy and to parse. */
export function renderServeTable(server: RunningServer, users: readonly ServerUser[]): string {
  const { host, ports, tls } = server;
  const reach = connectableHost(host);
  const rows: string[][] = [['Server', 'Host', 'Port', 'Security', 'On a real server']];
  for (const listener of LISTENER_ORDER) {
    const port = ports[listener];
    if (port === undefined) continue;
    const security = tls ? SECURITY_HERE[listener] : listener === 'smtp' ? 'none (login optional)' : 'none (plain password)';
    rows.push([LISTENERS[listener].label, host, String(port), security, realServer(listener, tls !== undefined)]);
  }
  const accounts: string[][] = [['Account', 'Password', 'INBOX']];
  for (const { user, password } of users) {
    const address = userAddress(user);
    accounts.push([address, password, String(server.store.account(address)?.inbox.messages.length ?? 0)]);
  }
  const first = users[0] ? userAddress(users[0].user) : 'you@mailsim.test';
  const local = first.split('@')[0]!;
  // The bare name logs in only when no other account shares it (MailStore.resolveLogin).
  const bare = server.store.resolveLogin(local)?.address === first ? ` (the bare name ${local} works too)` : '';
  const incoming = tls
    ? `  incoming  IMAP, server ${reach}, port ${ports.imaps ?? '-'}, connection security SSL/TLS\n` +
      `            (or ${ports.imap ?? '-'}, STARTTLS); or POP3, port ${ports.pop3s ?? '-'}, SSL/TLS (or ${ports.pop3 ?? '-'}, STARTTLS);\n`
    : `  incoming  IMAP, server ${reach}, port ${ports.imap ?? '-'} (or POP3, port ${ports.pop3 ?? '-'}), connection security None,\n`;
  const outgoing = tls
    ? `  outgoing  SMTP, server ${reach}, port ${ports.smtps ?? '-'}, SSL/TLS (or ${ports.smtp ?? '-'}, STARTTLS),\n            authentication None or Normal password\n`
    : `  outgoing  SMTP, server ${reach}, port ${ports.smtp ?? '-'}, connection security None, authentication None or Normal password\n`;
  return (
    `mailsim serve: IMAP, POP3 and SMTP on ${host}, in memory (nothing is written to disk). Ctrl-C stops it.\n\n` +
    columns(rows) +
    '\n' +
    (tls ? certificateLines(tls) + '\n' : '') +
    columns(accounts) +
    capabilityLines(server.imapCapabilities) +
    (reach === host ? '' : `\nListening on every interface: from this machine connect to ${reach}; from others, to this machine's name or address.\n`) +
    `\nA real server: IMAP 993 SSL/TLS or 143 STARTTLS, POP3 995 SSL/TLS or 110 STARTTLS, SMTP 465\n` +
    `SSL/TLS or 587 STARTTLS. 143, 110 and 587 start in plaintext: without STARTTLS the password\n` +
    `crosses the network readable.\n` +
    `\nIn a mail client (Thunderbird: Account Settings > Account Actions > Add Mail Account > Configure manually):\n` +
    incoming +
    `            authentication "Normal password", username ${first}${bare}\n` +
    outgoing +
    `Mail sent to an account above lands in its INBOX; other recipients are refused, unless the client logged in (AUTH): then they are accepted as a submission server would relay them, and go no further.\n`
  );
}

/** "  known: A, B, C," wrapped at 80 columns (these lines go to stderr), continuation under the first item. */
function wrapList(label: string, items: readonly string[]): string {
  return wrapParagraph(items.join(', '), 80, `  ${label}`);
}

/** The certificate: how to recognise it when a client asks, and the PEM to trust it with (curl --cacert). */
function certificateLines(tls: NonNullable<RunningServer['tls']>): string {
  const names = tls.subjectAltName.replace(/DNS:|IP Address:/g, '').replace(/\b0:0:0:0:0:0:0:1\b/, '::1');
  const origin = tls.selfSigned ? `self-signed, made at start for ${names}` : `from --tls-cert (${names || 'no subject alternative names'})`;
  return (
    `TLS certificate: ${origin}\n` +
    // On a line of its own: 95 characters, which wrapping must never cut.
    `  SHA-256 fingerprint, as clients show it:\n    ${tls.fingerprint256}\n` +
    (tls.selfSigned
      ? `  A client asks whether to trust it: compare the fingerprint. Saved as a file, the PEM below\n  is what curl --cacert and openssl s_client -CAfile take.\n${tls.cert}`
      : '')
  );
}

const STANDARD_CAPABILITIES = featuresOf(STANDARD_PROFILE).capabilities;

/** What --capabilities changed against the standard profile, wrapped to fit the terminal. */
function capabilityLines(capabilities: readonly string[]): string {
  const off = STANDARD_CAPABILITIES.filter((c) => !capabilities.includes(c));
  const on = capabilities.filter((c) => !STANDARD_CAPABILITIES.includes(c));
  let text = '';
  if (off.length > 0) text += `\n${wrapList('IMAP without: ', off).slice(2)}\n`;
  if (on.length > 0) text += `${text === '' ? '\n' : ''}${wrapList('IMAP also: ', on).slice(2)}\n`;
  return text;
}

function columns(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`).join('');
}
