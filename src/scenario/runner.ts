import type { DeviceSnapshot } from '../devices/device.js';
import { EventLog, type RunEvent } from '../devices/events.js';
import { readListingHeaders } from '../devices/headers.js';
import { forgetListings } from '../devices/plain-headers.js';
import type { WireEvent } from '../protocol/transcript.js';
import { MailServer } from '../server/mail-server.js';
import { VirtualClock } from '../sim/clock.js';
import { SeededRandom } from '../sim/rng.js';
import { MailStore, type AddAccountOptions } from '../store/store.js';
import type { Account } from '../store/account.js';
import { providerProfile } from '../providers/index.js';
import { generateSelfSigned, type TlsIdentity } from '../tls/certificate.js';
import { evaluateChecks } from './assertions.js';
import { Sender } from './compose.js';
import { captureFrame, type Frame } from './frames.js';
import { LatencyTable } from './latencies.js';
import type { DeliveredMessage, RunResult, ServerAccount, VariantResult } from './result.js';
import type { Step } from './schema.js';
import type { Scenario, ScenarioAccount, ScenarioVariant } from './types.js';
import { ServerObserver } from './server-events.js';
import { judgeAccount } from './verdict/index.js';
import { WireRouter } from './wire-router.js';
import { World } from './world.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Only these variants, by name (default: all, in file order). */
  readonly variants?: readonly string[];
  /** Every line each device sends and receives (for --trace), with the virtual time it crossed. */
  readonly onWire?: (variant: string, device: string, event: WireEvent, at: number) => void;
  /** Asks for a frame of every device and the server after start and after each step (HTML report). */
  readonly onFrame?: (variant: string, frame: Frame) => void;
  /** After each poll firing and each step, for a progress line (workload.ts says how many to expect). */
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * The certificate every TLS listener of the run presents for these hosts, asked for once and
   * only when a device uses TLS. Default: a fresh self-signed one (generateSelfSigned). The CLI
   * hands in one it keeps between runs (cli/run-certificate.ts).
   */
  readonly certificate?: (hosts: readonly string[]) => TlsIdentity;
}

/** The names a run's certificate is for: where its simulated devices connect. */
const RUN_HOSTS = ['localhost', '127.0.0.1'];

export interface RunProgress {
  readonly variant: string;
  /** Virtual time reached. */
  readonly virtualTime: number;
  /** Poll firings plus steps done in this variant so far. */
  readonly ticks: number;
}

/**
 * Runs every variant of a scenario, one after another, each on a fresh clock, store and server,
 * and returns what happened as plain data. Never prints; the report layer does that.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const seed = options.seed ?? scenario.seed;
  const variants = options.variants ? scenario.variants.filter((v) => options.variants!.includes(v.name)) : scenario.variants;
  const results: VariantResult[] = [];
  // One certificate for the whole run, made only if a device uses TLS: every variant's server
  // presents it, and the devices trust it as a user who accepted it would.
  let identity: TlsIdentity | undefined;
  const certificate = (): TlsIdentity => (identity ??= (options.certificate ?? generateSelfSigned)(RUN_HOSTS));
  for (const variant of variants) results.push(await runVariant(scenario, variant, seed, options, certificate));
  return {
    scenario: {
      name: scenario.name,
      ...(scenario.description === undefined ? {} : { description: scenario.description }),
      ...(scenario.lesson === undefined ? {} : { lesson: scenario.lesson }),
      file: scenario.file,
    },
    seed,
    start: scenario.start,
    variants: results,
  };
}

/**
 * The server profile of an account: its provider's, with the scenario's `server:` settings folded
 * in for the standard server (Dovecot's pop3_no_flag_updates). A plain standard account needs none.
 */
function accountOptions(account: ScenarioAccount, scenario: Scenario): AddAccountOptions {
  if (account.provider === 'standard' && !scenario.server.pop3NoFlagUpdates) return {};
  return { profile: providerProfile(account.provider, { ...(account.gmail ? { gmail: account.gmail } : {}), ...(scenario.server.pop3NoFlagUpdates ? { pop3NoFlagUpdates: true } : {}) }) };
}

async function runVariant(scenario: Scenario, variant: ScenarioVariant, seed: number, options: RunOptions, certificate: () => TlsIdentity): Promise<VariantResult> {
  const ran = await runSteps(scenario, variant, seed, options, certificate);
  // Judged once the devices, the server and their connections are gone: what a run kept while it
  // went on is garbage by the time its events are made into objects (events.ts). What closing the
  // devices may still have recorded is not part of the run.
  const { snapshots, serverState, delivered, endedAt } = ran;
  const events = ran.log.events.slice(0, ran.recorded);
  const verdicts = scenario.accounts
    .map((account) => ({ account, on: snapshots.filter((s) => s.account === account.address) }))
    .filter(({ on }) => on.length > 0)
    .map(({ account, on }) => judgeAccount({ account: account.address, devices: on, server: serverState.find((a) => a.address === account.address), delivered, events, origin: scenario.start, endedAt }));
  const outcome = {
    name: variant.name,
    ...(variant.description === undefined ? {} : { description: variant.description }),
    devices: snapshots,
    server: serverState,
    delivered,
    events,
    verdicts,
    latencies: measureLatencies(delivered, snapshots, events),
    ids: ran.ids,
    endedAt,
  };
  return { ...outcome, expectations: evaluateChecks(variant.checks, outcome, scenario.start) };
}

/** Runs the steps and takes the final state; everything it started is closed when it returns. */
async function runSteps(
  scenario: Scenario,
  variant: ScenarioVariant,
  seed: number,
  options: RunOptions,
  certificate: () => TlsIdentity,
): Promise<{ snapshots: DeviceSnapshot[]; serverState: ServerAccount[]; delivered: readonly DeliveredMessage[]; log: EventLog; recorded: number; ids: Record<string, string>; endedAt: number }> {
  const clock = new VirtualClock(scenario.start);
  // Same seed in every variant: the same messages arrive, so variants differ only by settings.
  const rng = new SeededRandom(seed);
  const store = new MailStore(clock, scenario.server);
  for (const account of scenario.accounts) store.addAccount(account.address, account.password, accountOptions(account, scenario));
  const log = new EventLog(clock);
  const observer = new ServerObserver(store, log);
  // IMAP devices' traces come from the server's side of their connections, where the order of
  // lines is the order of events (see WireRouter); POP3 and SMTP clients report their own.
  const onWire = options.onWire;
  const router = onWire ? new WireRouter((device, event) => onWire(variant.name, device, event, clock.now())) : undefined;
  // TLS listeners only when a device uses SSL/TLS or STARTTLS, so plaintext runs start no more
  // than they need. Deliveries go in over plain SMTP, as mail from other servers does.
  const tls = [...variant.devices.values()].some((settings) => settings.security !== 'none') ? certificate() : undefined;
  const server = await MailServer.start({ store, clock, ...(tls ? { tls: { identity: tls } } : {}), ...(router ? { onWire: (event: WireEvent) => router.onServerWire(event) } : {}) });
  const sender = new Sender(server.host, server.ports.smtp!, rng);
  let ticks = 0;
  const tick = options.onProgress && ((): void => options.onProgress!({ variant: variant.name, virtualTime: clock.now(), ticks: ++ticks }));
  const world = new World({ scenario, variant, clock, log, observer, server, sender, onWire: options.onWire, onPoll: tick, ...(tls ? { ca: tls.cert } : {}) });
  let recorded: number;
  let state: { snapshots: DeviceSnapshot[]; serverState: ServerAccount[]; ids: Record<string, string>; endedAt: number };
  try {
    await world.open();
    const onFrame = options.onFrame;
    // Only when asked: a normal run takes no frames and awaits nothing extra.
    const frame = onFrame && (async (step: { step: Step; index: number } | null) => onFrame(variant.name, await captureFrame(step, { clock, log, devices: world.devices.values(), server: () => snapshotServer(store) })));
    if (frame) await frame(null);
    for (const [index, step] of variant.steps.entries()) {
      await world.run(step);
      await world.settleAll();
      tick?.();
      if (frame) await frame({ step, index });
    }
    const endedAt = clock.now();
    state = { snapshots: [...world.devices.values()].map((d) => d.snapshot()), serverState: await snapshotServer(store), ids: Object.fromEntries(world.ids), endedAt };
    recorded = log.length;
  } finally {
    observer.close();
    await world.close();
    sender.close();
    await server.close();
    // Shared only while a run's devices read the same messages; not kept for the life of the process.
    forgetListings();
  }
  return { ...state, delivered: world.delivered, log, recorded };
}

/**
 * For each delivered message and each device of its account: when the device first showed it.
 * Exported for the test that holds its cost linear (test/scenario/linear-cost.test.ts).
 */
export function measureLatencies(delivered: readonly DeliveredMessage[], devices: readonly DeviceSnapshot[], events: readonly RunEvent[]): LatencyTable {
  // One pass over the events, each download looked up by its message (a scan per pair would make
  // this quadratic in messages).
  return new LatencyTable(delivered, devices).record(events);
}

async function snapshotServer(store: MailStore): Promise<ServerAccount[]> {
  const accounts: ServerAccount[] = [];
  for (const account of store.accounts()) {
    const mailboxes = [];
    for (const box of account.mailboxes()) {
      const messages = [];
      for (const m of box.messages) {
        const headers = await readListingHeaders(m.raw);
        messages.push({ key: headers.messageId ?? m.id, subject: headers.subject, uid: m.uid, flags: m.flags });
      }
      mailboxes.push({ name: box.name, ...(box.specialUse ? { specialUse: box.specialUse } : {}), uidValidity: box.uidValidity, uidNext: box.uidNext, messages });
    }
    const pop3Listing = await providerPop3Listing(account, store.clock.now());
    accounts.push({ address: account.address, mailboxes, ...(pop3Listing ? { pop3Listing } : {}) });
  }
  return accounts;
}

/**
 * What a POP3 session of each mode would list now, where the provider decides it (Gmail: All Mail
 * less what was popped); undefined for the standard server, whose POP3 lists INBOX.
 */
async function providerPop3Listing(account: Account, now: number): Promise<ServerAccount['pop3Listing']> {
  const view = account.rules?.pop3View;
  if (!view) return undefined;
  const keys = async (mode: 'normal' | 'recent'): Promise<string[]> => {
    const listed = view.call(account.rules, mode, now);
    if ('refused' in listed) return [];
    return Promise.all(listed.messages.map(async (m) => (await readListingHeaders(m.raw)).messageId ?? m.id));
  };
  return { normal: await keys('normal'), recent: await keys('recent') };
}
