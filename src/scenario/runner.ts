import type { Device, DeviceSnapshot, LocalAction } from '../devices/device.js';
import { EventLog, type RunEvent } from '../devices/events.js';
import { createDevice } from '../devices/factory.js';
import { readListingHeaders } from '../devices/headers.js';
import type { WireEvent } from '../protocol/transcript.js';
import { MailServer } from '../server/mail-server.js';
import { VirtualClock } from '../sim/clock.js';
import { parseDuration } from '../sim/duration.js';
import { SeededRandom } from '../sim/rng.js';
import { MailStore } from '../store/store.js';
import { evaluateChecks } from './assertions.js';
import { Sender } from './compose.js';
import { captureFrame, type Frame } from './frames.js';
import { deliveredSubjects } from './messages.js';
import { ALL_DEVICES } from './references.js';
import type { DeliveredMessage, Latency, RunResult, ServerAccount, VariantResult } from './result.js';
import type { Step } from './schema.js';
import type { Scenario, ScenarioVariant } from './types.js';
import { ServerObserver } from './server-events.js';
import { judgeAccount } from './verdict/index.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Only these variants, by name (default: all, in file order). */
  readonly variants?: readonly string[];
  /** Every line each device sends and receives (for --trace), with the virtual time it crossed. */
  readonly onWire?: (variant: string, device: string, event: WireEvent, at: number) => void;
  /** Asks for a frame of every device and the server after start and after each step (HTML report). */
  readonly onFrame?: (variant: string, frame: Frame) => void;
}

/**
 * Runs every variant of a scenario, one after another, each on a fresh clock, store and server,
 * and returns what happened as plain data. Never prints; the report layer does that.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const seed = options.seed ?? scenario.seed;
  const variants = options.variants ? scenario.variants.filter((v) => options.variants!.includes(v.name)) : scenario.variants;
  const results: VariantResult[] = [];
  for (const variant of variants) results.push(await runVariant(scenario, variant, seed, options));
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

async function runVariant(scenario: Scenario, variant: ScenarioVariant, seed: number, options: RunOptions): Promise<VariantResult> {
  const clock = new VirtualClock(scenario.start);
  // Same seed in every variant: the same messages arrive, so variants differ only by settings.
  const rng = new SeededRandom(seed);
  const store = new MailStore(clock, scenario.server);
  for (const account of scenario.accounts) store.addAccount(account.address, account.password);
  const log = new EventLog(clock);
  const observer = new ServerObserver(store, log);
  const server = await MailServer.start({ store, clock });
  const sender = new Sender(server.host, server.ports.smtp!, rng);
  const devices = new Map<string, Device>();
  const delivered: DeliveredMessage[] = [];
  try {
    for (const [name, settings] of variant.devices) {
      const password = scenario.accounts.find((a) => a.address === settings.account)!.password;
      const onWire = options.onWire;
      devices.set(
        name,
        createDevice(name, settings, {
          host: server.host,
          ports: server.ports,
          clock,
          log,
          password,
          ...(onWire ? { onWire: (event: WireEvent) => onWire(variant.name, name, event, clock.now()) } : {}),
        }),
      );
    }
    const settleAll = async (): Promise<void> => {
      for (const device of devices.values()) await observer.during(device.name, () => device.settle());
    };
    // Polls are scheduled in declaration order, so two devices due at the same instant check in
    // the order the scenario lists them (the clock breaks ties by insertion order).
    for (const [name, settings] of variant.devices) {
      if (settings.checkEvery) {
        const device = devices.get(name)!;
        clock.every(parseDuration(settings.checkEvery), `${name} checks mail`, async () => {
          await observer.during(name, () => device.sync('poll'));
          await settleAll();
        });
      }
    }
    for (const device of devices.values()) await observer.during(device.name, () => device.start());
    const onFrame = options.onFrame;
    // Only when asked: a normal run takes no frames and awaits nothing extra.
    const frame = onFrame && (async (step: { step: Step; index: number } | null) => onFrame(variant.name, await captureFrame(step, { clock, log, devices: devices.values(), server: () => snapshotServer(store) })));
    if (frame) await frame(null);
    const context: StepContext = { scenario, clock, sender, log, devices, delivered, observer };
    for (const [index, step] of scenario.steps.entries()) {
      await runStep(step, context);
      await settleAll();
      if (frame) await frame({ step, index });
    }
    const endedAt = clock.now();
    const snapshots = [...devices.values()].map((d) => d.snapshot());
    const serverState = await snapshotServer(store);
    const verdicts = scenario.accounts
      .map((account) => ({ account, on: snapshots.filter((s) => s.account === account.address) }))
      .filter(({ on }) => on.length > 0)
      .map(({ account, on }) =>
        judgeAccount({ account: account.address, devices: on, server: serverState.find((a) => a.address === account.address), delivered, events: log.events, origin: scenario.start, endedAt }),
      );
    const outcome = {
      name: variant.name,
      ...(variant.description === undefined ? {} : { description: variant.description }),
      devices: snapshots,
      server: serverState,
      delivered,
      events: [...log.events],
      verdicts,
      latencies: measureLatencies(delivered, snapshots, log.events),
      endedAt,
    };
    return { ...outcome, expectations: evaluateChecks(variant.checks, outcome, scenario.start) };
  } finally {
    observer.close();
    for (const device of devices.values()) await device.close();
    sender.close();
    await server.close();
  }
}

interface StepContext {
  readonly scenario: Scenario;
  readonly clock: VirtualClock;
  readonly sender: Sender;
  readonly log: EventLog;
  readonly devices: ReadonlyMap<string, Device>;
  readonly delivered: DeliveredMessage[];
  readonly observer: ServerObserver;
}

async function runStep(step: Step, context: StepContext): Promise<void> {
  const { devices, log, clock, observer } = context;
  const device = (name: string): Device => devices.get(name)!;
  const on = (name: string, work: (d: Device) => Promise<void>): Promise<void> => observer.during(name, () => work(device(name)));
  switch (step.kind) {
    case 'deliver':
      return deliver(step.args, context);
    case 'sync': {
      const names = typeof step.args === 'string' ? [step.args] : step.args;
      const targets = names.includes(ALL_DEVICES) ? [...devices.keys()] : names;
      for (const name of targets) await on(name, (d) => d.sync('step'));
      return;
    }
    case 'read':
    case 'unread':
    case 'flag':
    case 'unflag':
    case 'delete': {
      const action: LocalAction = { kind: step.kind, selector: step.args.message, ...(step.args.folder ? { folder: step.args.folder } : {}) };
      return on(step.args.device, (d) => d.act(action));
    }
    case 'move':
      return on(step.args.device, (d) => d.act({ kind: 'move', selector: step.args.message, to: step.args.to, ...(step.args.folder ? { folder: step.args.folder } : {}) }));
    case 'advance':
      log.record({ kind: 'note', text: `${step.args} passes` });
      return clock.advance(parseDuration(step.args));
    case 'offline':
      return on(step.args, (d) => d.setOnline(false));
    case 'online':
      return on(step.args, (d) => d.setOnline(true));
    case 'note':
      log.record({ kind: 'note', text: step.args });
      return;
  }
}

async function deliver(args: Extract<Step, { kind: 'deliver' }>['args'], context: StepContext): Promise<void> {
  const { scenario, clock, sender, log, delivered } = context;
  const to = args.to ?? scenario.accounts[0]!.address;
  for (const subject of deliveredSubjects(args)) {
    // Resolves after the server's 250 reply, so the message is in the store by then.
    const sent = await sender.send({ from: args.from, to, subject, body: args.body, date: clock.now() });
    delivered.push({ key: sent.messageId, subject, from: sent.from, account: to, deliveredAt: clock.now() });
    log.record({ kind: 'deliver', message: sent.messageId, subject, text: `"${subject}" from ${sent.from} arrived for ${to}` });
  }
}

/** For each delivered message and each device of its account: when the device first showed it. */
function measureLatencies(delivered: readonly DeliveredMessage[], devices: readonly DeviceSnapshot[], events: readonly RunEvent[]): Latency[] {
  const latencies: Latency[] = [];
  for (const message of delivered) {
    for (const device of devices.filter((d) => d.account === message.account)) {
      const first = events.find((e) => e.kind === 'download' && e.device === device.name && e.message === message.key);
      latencies.push({
        key: message.key,
        subject: message.subject,
        device: device.name,
        deliveredAt: message.deliveredAt,
        ...(first ? { visibleAt: first.at } : {}),
      });
    }
  }
  return latencies;
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
    accounts.push({ address: account.address, mailboxes });
  }
  return accounts;
}
