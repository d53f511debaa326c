import type { Device, LocalAction, Selector } from '../devices/device.js';
import type { EventLog } from '../devices/events.js';
import { createDevice } from '../devices/factory.js';
import { providerProfile } from '../providers/index.js';
import { describeSettings, type DeviceSettings } from '../devices/settings.js';
import type { WireEvent } from '../protocol/transcript.js';
import type { MailServer } from '../server/mail-server.js';
import type { TimerHandle, VirtualClock } from '../sim/clock.js';
import { formatDuration, parseDuration } from '../sim/duration.js';
import { envelopeAddress, type AttachmentSpec, type Sender } from './compose.js';
import { deliveredMessages, replySubject, type PlannedMessage } from './messages.js';
import { InOrderWindow } from './in-flight.js';
import { ALL_DEVICES } from './references.js';
import type { DeliveredMessage } from './result.js';
import type { Step, StepArgs } from './schema.js';
import type { ServerObserver } from './server-events.js';
import type { Scenario, ScenarioVariant } from './types.js';

/**
 * Messages of one deliver step sent before the oldest is answered: enough to keep the pipelined
 * SMTP link busy, few enough that a step of 10,000 never holds more than these in flight.
 */
export const MAX_DELIVERIES_IN_FLIGHT = 32;

/**
 * And their octets: 32 messages with 5 MiB attachments would otherwise be ~200 MiB held at once
 * (twice, as composed and as SMTP data). Past this the step waits for the oldest answer.
 */
export const MAX_DELIVERY_OCTETS_IN_FLIGHT = 8 * 1024 * 1024;

export interface WorldOptions {
  readonly scenario: Scenario;
  readonly variant: ScenarioVariant;
  readonly clock: VirtualClock;
  readonly log: EventLog;
  readonly observer: ServerObserver;
  readonly server: MailServer;
  readonly sender: Sender;
  readonly onWire?: ((variant: string, device: string, event: WireEvent, at: number) => void) | undefined;
  /** After each poll firing has settled (the runner's progress hook). */
  readonly onPoll?: (() => void) | undefined;
  /** The certificate the server presents, when it has TLS: devices trust it. */
  readonly ca?: string;
}

/** What the runner remembers of a message it composed: enough to reply to it. */
interface Written {
  readonly subject: string;
  readonly references: readonly string[];
}

/** A message handed to the SMTP link, recorded once the server has taken it. */
interface InFlightDelivery {
  readonly planned: PlannedMessage;
  readonly from: string;
  readonly messageId: string | undefined;
}

/**
 * One variant's running world: its devices (a `set` step may replace one), their polls and offline
 * periods on the virtual clock, the message ids steps name, and how each step kind acts on them.
 * Devices act one at a time, each under the server observer, so the server's own changes are
 * told after the device action that caused them.
 */
export class World {
  readonly devices = new Map<string, Device>();
  readonly delivered: DeliveredMessage[] = [];
  /** Message id (from a step's `id:`) -> Message-ID. */
  readonly ids = new Map<string, string>();
  private readonly written = new Map<string, Written>();
  private readonly polls = new Map<string, TimerHandle>();

  constructor(private readonly o: WorldOptions) {}

  // --- setup ----------------------------------------------------------------------------------

  /** Creates every device, schedules polls and offline periods, and starts them, in declaration order. */
  async open(): Promise<void> {
    const { variant, clock } = this.o;
    for (const [name, settings] of variant.devices) this.devices.set(name, this.make(name, settings));
    // Polls are scheduled in declaration order, so two devices due at the same instant check in
    // the order the scenario lists them (the clock breaks ties by insertion order).
    for (const [name, settings] of variant.devices) this.schedulePoll(name, settings);
    for (const [name, periods] of variant.offline) {
      for (const { from, until } of periods) {
        if (from <= clock.now()) await this.on(name, (d) => d.setOnline(false));
        else clock.schedule(from, `${name} goes offline`, () => this.on(name, (d) => d.setOnline(false)));
        clock.schedule(until, `${name} comes back online`, async () => {
          await this.on(name, (d) => d.setOnline(true));
          await this.settleAll();
        });
      }
    }
    for (const [name, device] of this.devices) await this.on(name, () => device.start());
  }

  private make(name: string, settings: DeviceSettings): Device {
    const { scenario, variant, server, clock, log, onWire } = this.o;
    const account = scenario.accounts.find((a) => a.address === settings.account)!;
    const password = account.password;
    return createDevice(name, settings, {
      // Gmail and Outlook.com file sent mail in Sent themselves: their clients do not APPEND it.
      ...(providerProfile(account.provider, account.gmail ? { gmail: account.gmail } : {}).savesSent ? { serverSavesSent: true } : {}),
      host: server.host,
      ports: server.ports,
      ...(this.o.ca === undefined ? {} : { ca: this.o.ca }),
      clock,
      log,
      password,
      // An IMAP device's lines come from the server's transcript instead (runner.ts, WireRouter).
      ...(onWire && settings.protocol === 'pop3' ? { onWire: (event: WireEvent) => onWire(variant.name, name, event, clock.now()) } : {}),
    });
  }

  private schedulePoll(name: string, settings: DeviceSettings): void {
    this.polls.get(name)?.cancel();
    this.polls.delete(name);
    if (!settings.checkEvery) return;
    this.polls.set(
      name,
      this.o.clock.every(parseDuration(settings.checkEvery), `${name} checks mail`, async () => {
        await this.on(name, (d) => d.sync('poll'));
        await this.settleAll();
        this.o.onPoll?.();
      }),
    );
  }

  async settleAll(): Promise<void> {
    for (const [name, device] of this.devices) await this.o.observer.during(name, () => device.settle());
  }

  async close(): Promise<void> {
    for (const device of this.devices.values()) await device.close();
  }

  private on(name: string, work: (device: Device) => Promise<void>): Promise<void> {
    return this.o.observer.during(name, () => work(this.devices.get(name)!));
  }

  // --- steps ----------------------------------------------------------------------------------

  async run(step: Step): Promise<void> {
    const { clock, log } = this.o;
    if (step.at !== undefined && step.at > clock.now()) {
      log.record({ kind: 'note', text: `${formatDuration(step.at - clock.now())} passes` });
      await clock.advanceTo(step.at);
    }
    switch (step.kind) {
      case 'wait':
        return;
      case 'deliver':
        return this.deliver(step.args);
      case 'sync':
        return this.sync(step.args);
      case 'read':
      case 'unread':
      case 'flag':
      case 'unflag':
      case 'delete': {
        const action: LocalAction = { kind: step.kind, selector: this.selector(step.args.message), ...(step.args.folder ? { folder: step.args.folder } : {}) };
        return this.on(step.args.device, (d) => d.act(action));
      }
      case 'move':
      case 'copy': {
        const action: LocalAction = { kind: step.kind, selector: this.selector(step.args.message), to: step.args.to, ...(step.args.folder ? { folder: step.args.folder } : {}) };
        return this.on(step.args.device, (d) => d.act(action));
      }
      case 'send':
        return this.send(step.args);
      case 'reply':
        return this.reply(step.args);
      case 'set':
        return this.set(step);
      case 'advance':
        log.record({ kind: 'note', text: `${step.args} passes` });
        return clock.advance(parseDuration(step.args));
      case 'offline':
        return this.on(step.args, (d) => d.setOnline(false));
      case 'online':
        return this.on(step.args, (d) => d.setOnline(true));
      case 'note':
        log.record({ kind: 'note', text: step.args });
        return;
    }
  }

  /** A step's message: an id names one message by its Message-ID; anything else is the device's to resolve. */
  private selector(message: string | number): Selector {
    if (typeof message === 'string') {
      const key = this.ids.get(message);
      if (key !== undefined) return { key };
    }
    return message;
  }

  private async sync(args: StepArgs['sync']): Promise<void> {
    if (typeof args === 'object' && !Array.isArray(args)) return this.on(args.device, (d) => d.openFolder(args.folder));
    const names = typeof args === 'string' ? [args] : args;
    const targets = names.includes(ALL_DEVICES) ? [...this.devices.keys()] : names;
    for (const name of targets) await this.on(name, (d) => d.sync('step'));
  }

  private async deliver(args: StepArgs['deliver']): Promise<void> {
    const { scenario, clock, log } = this.o;
    const list = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);
    const to = args.to === undefined ? [scenario.accounts[0]!.address] : list(args.to);
    const cc = list(args.cc);
    const accounts = [...to, ...cc].filter((a, i, all) => scenario.accounts.some((x) => x.address.toLowerCase() === a.toLowerCase()) && all.indexOf(a) === i);
    // The link pipelines (RFC 2920): the next messages go out while the server answers this one.
    // Each is recorded once the server has answered it with 250, in order, so it is in the store by then.
    const inFlight = new InOrderWindow<InFlightDelivery>(MAX_DELIVERIES_IN_FLIGHT, MAX_DELIVERY_OCTETS_IN_FLIGHT, ({ planned, from, messageId }) => {
      const key = messageId ?? `<delivered.${this.delivered.length + 1}@mailsim.test>`;
      if (planned.id !== undefined) this.ids.set(planned.id, key);
      this.written.set(key, { subject: planned.subject, references: [] });
      for (const account of accounts) this.delivered.push({ key, subject: planned.subject, from, account, deliveredAt: clock.now() });
      log.record({ kind: 'deliver', message: key, subject: planned.subject, text: `"${planned.subject}" from ${from} arrived for ${accounts.join(', ')}` });
    });
    // The step's messages arrive at one instant: idling devices hear of them together, as from
    // a server that notifies a little after the first change (imap/idle-news.ts).
    const release = this.o.server.holdIdleNews();
    try {
      await this.deliverAll(args, inFlight, accounts, to, cc);
    } finally {
      release();
    }
  }

  private async deliverAll(args: StepArgs['deliver'], inFlight: InOrderWindow<InFlightDelivery>, accounts: readonly string[], to: readonly string[], cc: readonly string[]): Promise<void> {
    const { clock, sender } = this.o;
    for (const planned of deliveredMessages(args)) {
      if (args.loaded) {
        const from = fromHeader(args.loaded) ?? 'unknown sender';
        await inFlight.add({ planned, from, messageId: messageIdOf(args.loaded) }, args.loaded.length, sender.deliverRaw(args.loaded, from, accounts));
      } else {
        // Composed in step order (the seed's picks), handed to the link without waiting for the last.
        const message = await sender.composer.compose({ from: args.from, to, cc, subject: planned.subject, body: args.body, html: args.html, attachments: attachments(args.attachments), date: clock.now() });
        await inFlight.add({ planned, from: message.from, messageId: message.messageId }, message.raw.length, sender.deliverRaw(message.raw, message.from, accounts));
      }
    }
    await inFlight.drain();
  }

  private async send(args: StepArgs['send'], reply?: { inReplyTo: string; references: readonly string[] }): Promise<void> {
    const { clock, sender } = this.o;
    const device = this.devices.get(args.device)!;
    const to = typeof args.to === 'string' ? [args.to] : [...args.to];
    const cc = args.cc === undefined ? [] : typeof args.cc === 'string' ? [args.cc] : [...args.cc];
    const message = await sender.composer.compose({
      from: device.account,
      to,
      cc,
      subject: args.subject,
      body: args.body,
      html: args.html,
      attachments: attachments(args.attachments),
      date: clock.now(),
      ...(reply ? { inReplyTo: reply.inReplyTo, references: reply.references } : {}),
    });
    if (args.id !== undefined) this.ids.set(args.id, message.messageId);
    this.written.set(message.messageId, { subject: args.subject, references: reply ? [...reply.references] : [] });
    await this.on(args.device, (d) => d.send({ raw: message.raw, key: message.messageId, subject: args.subject, from: device.account, recipients: message.recipients }));
    // Recipients with an account here receive it, as any delivered message.
    for (const account of this.o.scenario.accounts) {
      if (message.recipients.some((r) => r.toLowerCase() === account.address.toLowerCase())) {
        this.delivered.push({ key: message.messageId, subject: args.subject, from: device.account, account: account.address, deliveredAt: clock.now() });
      }
    }
  }

  /** A reply, as a client writes one: to the sender, "Re:" subject, In-Reply-To and References. */
  private async reply(args: StepArgs['reply']): Promise<void> {
    const device = this.devices.get(args.device)!;
    const original = device.lookup(this.selector(args.message), args.folder);
    if (!original) {
      this.o.log.record({ kind: 'missing', device: args.device, text: `wanted to reply to ${typeof args.message === 'number' ? `message #${args.message}` : `"${args.message}"`}, but it is not in ${args.folder ?? 'INBOX'} on this device` });
      return;
    }
    const chain = this.written.get(original.key)?.references ?? [];
    await this.send(
      { device: args.device, to: envelopeAddress(original.from), subject: replySubject(original.subject), ...(args.body === undefined ? {} : { body: args.body }), ...(args.id === undefined ? {} : { id: args.id }) },
      { inReplyTo: original.key, references: [...chain, original.key] },
    );
  }

  /**
   * The user changes a device's settings. Within a protocol the device adapts in place; a switch
   * of protocol sets the account up afresh, as a user would: mail a POP3 account downloaded stays
   * in the device's local folders, and the new IMAP account shows the server's view.
   */
  private async set(step: Extract<Step, { kind: 'set' }>): Promise<void> {
    const { log } = this.o;
    const name = step.args.device;
    const settings = this.o.variant.settingsAfter.get(step);
    const device = this.devices.get(name)!;
    if (!settings) return;
    this.schedulePoll(name, settings);
    if (settings.protocol === device.protocol) {
      log.record({ kind: 'settings', device: name, text: `changed settings: ${describeSettings(settings)}` });
      await this.on(name, (d) => d.reconfigure(settings));
      return;
    }
    const before = device.snapshot();
    await device.close();
    const next = this.make(name, settings);
    const kept = before.protocol === 'pop3' ? before.folders.filter((f) => f.messages.length > 0) : [];
    if (kept.length > 0) next.inherit(kept);
    this.devices.set(name, next);
    const count = kept.reduce((n, f) => n + f.messages.length, 0);
    const leftovers =
      before.protocol === 'pop3'
        ? count > 0
          ? `; the ${count} message${count === 1 ? '' : 's'} POP3 downloaded stay in local folders (${kept.map((f) => `Local/${f.name}`).join(', ')}), and the new account shows the server's view`
          : '; POP3 had left nothing on this device'
        : "; the IMAP account's cached copies go with it, and POP3 downloads what the server's INBOX holds";
    log.record({ kind: 'settings', device: name, text: `switched to ${settings.protocol.toUpperCase()} (${describeSettings(settings)})${leftovers}` });
    await this.on(name, (d) => d.start());
  }
}

function attachments(list: StepArgs['send']['attachments']): AttachmentSpec[] | undefined {
  return list?.map((a) => ({ filename: a.filename, size: a.size, content: a.content, contentType: a.contentType }));
}

/** The Message-ID header of a whole message, if it has one. */
function messageIdOf(raw: Buffer): string | undefined {
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(headerBlock(raw))?.[1];
}

/** The From header of a whole message, unfolded. */
function fromHeader(raw: Buffer): string | undefined {
  return /^from:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(headerBlock(raw))?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
}

function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

