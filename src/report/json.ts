import { z } from 'zod';
import type { DeviceSnapshot } from '../devices/device.js';
import type { DeviceSettings } from '../devices/settings.js';
import type { Frame } from '../scenario/frames.js';
import { FINDING_KINDS, VERDICT_KINDS, type RunResult, type ServerAccount, type VariantResult, type VerdictKind } from '../scenario/result.js';
import type { VariantRecording } from './html/recorder.js';

/**
 * The `--json` document. This schema is its documentation: README shows it, and a test parses
 * real output back through it. Times are ISO 8601 UTC strings of virtual time. Add fields freely;
 * renaming or removing one is a breaking change (bump `format`).
 */
const Iso = z.string().describe('ISO 8601 UTC time, virtual');

const JsonMessageOnDevice = z.strictObject({
  key: z.string().describe('Message-ID: the identity compared across devices'),
  subject: z.string(),
  from: z.string(),
  date: Iso.nullable(),
  read: z.boolean(),
  flagged: z.boolean(),
  deleted: z.boolean(),
  headersOnly: z.boolean(),
  attachments: z.number().int().nullable().describe('attachments, once the whole message is on the device; null while only headers are'),
  firstSeenAt: Iso,
});

const Duration = z.string().nullable().describe('a duration such as "10m", or null when the device does not poll');

/** A device's settings after its client profile: every value decided. */
const JsonSettings = z.union([
  z.strictObject({
    protocol: z.literal('pop3'),
    client: z.string().nullable().describe('the client profile the defaults came from, or null'),
    summary: z.string().describe('one line, as the text report prints it'),
    checkEvery: Duration,
    checkAtStartup: z.boolean(),
    leaveOnServer: z.boolean(),
    deleteAfterDays: z.number().int().nullable(),
    deleteFromServerWhenDeleted: z.boolean(),
    serverDeleteOn: z.enum(['delete', 'leave-inbox', 'trash-emptied']),
    headersOnly: z.boolean(),
  }),
  z.strictObject({
    protocol: z.literal('imap'),
    client: z.string().nullable().describe('the client profile the defaults came from, or null'),
    summary: z.string().describe('one line, as the text report prints it'),
    checkEvery: Duration,
    checkAtStartup: z.boolean(),
    folders: z.union([z.literal('all'), z.array(z.string())]),
    push: z.boolean(),
    download: z.enum(['full', 'headers', 'background']),
    deleteModel: z.enum(['trash', 'mark', 'expunge']),
    resync: z.enum(['condstore', 'qresync']),
  }),
]);

const JsonCell = z.strictObject({
  label: z.string().describe('the matrix cell: "read", "hidden: Archive", "missing", "unread, stale", "gone"'),
  present: z.boolean(),
  finding: z.enum(FINDING_KINDS).nullable(),
});

const JsonServerMessage = z.strictObject({ uid: z.number().int(), key: z.string(), subject: z.string(), flags: z.array(z.string()) });

/** Every device and the server after the devices started (step null) and after each step. */
const JsonFrame = z.strictObject({
  step: z
    .strictObject({
      index: z.number().int().describe('position in the scenario steps, from 0'),
      kind: z.string(),
      text: z.string().describe('the step in a few words'),
      line: z.number().int().describe('line of the scenario file'),
    })
    .nullable(),
  at: Iso,
  events: z.number().int().describe('events[0 .. events-1] happened up to this frame'),
  devices: z.array(
    z.strictObject({
      name: z.string(),
      online: z.boolean(),
      folders: z.array(
        z.strictObject({
          name: z.string(),
          messages: z.array(z.strictObject({ key: z.string(), subject: z.string(), read: z.boolean(), flagged: z.boolean(), deleted: z.boolean(), headersOnly: z.boolean() })),
        }),
      ),
    }),
  ),
  server: z.array(z.strictObject({ address: z.string(), mailboxes: z.array(z.strictObject({ name: z.string(), specialUse: z.string().nullable(), messages: z.array(JsonServerMessage) })) })),
});

/** One protocol exchange of a device with the server, summarised from the wire lines it keeps. */
const JsonExchange = z.strictObject({
  device: z.string(),
  protocol: z.enum(['imap', 'pop3', 'smtp']),
  connection: z.number().int(),
  at: Iso,
  step: z.number().int().nullable().describe('index of the step it happened in; null while the devices started; steps.length while they closed'),
  from: z.enum(['client', 'greeting', 'server']).describe("client: a command; greeting: the server's hello on connect; server: said on its own (a push during IDLE, BYE)"),
  command: z.string(),
  result: z.string().describe('the answer in a few words'),
  effect: z.enum(['none', 'mark', 'change']).describe('change: the server state is different afterwards; mark: POP3 DELE, applied at QUIT'),
  lines: z.array(z.string()).describe('"C: …" / "S: …" wire lines, passwords masked'),
});

export const RunJson = z.strictObject({
  format: z.literal(2).describe('2: device settings became an object, verdicts gained findings and matrix'),
  mailsim: z.string().describe('mailsim version'),
  scenario: z.strictObject({ name: z.string(), description: z.string().nullable(), lesson: z.string().nullable(), file: z.string() }),
  seed: z.number().int(),
  start: Iso,
  ok: z.boolean().describe('every expect: check passed'),
  summary: z.strictObject({ expectations: z.strictObject({ passed: z.number().int(), failed: z.number().int() }) }),
  variants: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string().nullable(),
      endedAt: Iso,
      devices: z.array(
        z.strictObject({
          name: z.string(),
          protocol: z.enum(['pop3', 'imap']),
          account: z.string(),
          settings: JsonSettings,
          online: z.boolean(),
          downloadedBytes: z.number().int().describe('octets downloaded from the server: headers, bodies, whole messages'),
          folders: z.array(z.strictObject({ name: z.string(), messages: z.array(JsonMessageOnDevice) })),
        }),
      ),
      server: z.array(
        z.strictObject({
          address: z.string(),
          mailboxes: z.array(
            z.strictObject({
              name: z.string(),
              specialUse: z.string().nullable(),
              uidValidity: z.number().int(),
              uidNext: z.number().int(),
              messages: z.array(JsonServerMessage),
            }),
          ),
        }),
      ),
      verdicts: z.array(
        z.strictObject({
          account: z.string(),
          devices: z.array(z.string()),
          kind: z.enum(VERDICT_KINDS as unknown as [VerdictKind, ...VerdictKind[]]).describe('the most serious finding, or converged (single: one device, nothing found)'),
          summary: z.string(),
          reasons: z.array(z.string()),
          findings: z.array(z.strictObject({ kind: z.enum(FINDING_KINDS), devices: z.array(z.string()), messages: z.array(z.string()).describe('message keys'), text: z.string() })),
          matrix: z.array(z.strictObject({ key: z.string(), subject: z.string(), server: z.string(), devices: z.record(z.string(), JsonCell) })),
        }),
      ),
      latencies: z.array(
        z.strictObject({
          key: z.string(),
          subject: z.string(),
          device: z.string(),
          deliveredAt: Iso,
          visibleAt: Iso.nullable(),
          latencyMs: z.number().int().nullable().describe('visibleAt - deliveredAt, null if never visible'),
        }),
      ),
      events: z.array(
        z.strictObject({
          at: Iso,
          kind: z.string(),
          device: z.string().nullable(),
          key: z.string().nullable(),
          subject: z.string().nullable(),
          text: z.string(),
          detail: z.boolean().describe('part of the summary event before it (one download of a check)'),
        }),
      ),
      expectations: z.array(
        z.strictObject({
          name: z.string(),
          target: z.string(),
          passed: z.boolean(),
          expected: z.string(),
          actual: z.string(),
          detail: z.string().nullable(),
          line: z.number().int(),
        }),
      ),
      frames: z.array(JsonFrame).optional().describe('only with --html: the state after start and after each step'),
      exchanges: z.array(JsonExchange).optional().describe('only with --html: every protocol exchange, per device in order'),
    }),
  ),
});

export type RunJsonDocument = z.infer<typeof RunJson>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Where the frames and exchanges of a run come from, when they were recorded (--html). */
export interface RunRecording {
  variant(name: string, deviceOrder: readonly string[]): VariantRecording;
}

export function toJsonDocument(result: RunResult, version: string, recording?: RunRecording): RunJsonDocument {
  const all = result.variants.flatMap((v) => v.expectations);
  const failed = all.filter((e) => !e.passed).length;
  return {
    format: 2,
    mailsim: version,
    scenario: { name: result.scenario.name, description: result.scenario.description ?? null, lesson: result.scenario.lesson ?? null, file: result.scenario.file },
    seed: result.seed,
    start: iso(result.start),
    ok: failed === 0,
    summary: { expectations: { passed: all.length - failed, failed } },
    variants: result.variants.map((v) => ({
      name: v.name,
      description: v.description ?? null,
      endedAt: iso(v.endedAt),
      devices: v.devices.map((d) => ({
        name: d.name,
        protocol: d.protocol,
        account: d.account,
        settings: jsonSettings(d.settings, d.summary),
        online: d.online,
        downloadedBytes: d.downloadedBytes,
        folders: d.folders.map((f) => ({
          name: f.name,
          messages: f.messages.map((m) => ({
            key: m.key,
            subject: m.subject,
            from: m.from,
            date: m.date === undefined ? null : iso(m.date),
            read: m.seen,
            flagged: m.flagged,
            deleted: m.deleted,
            headersOnly: m.headersOnly,
            attachments: m.attachments ?? null,
            firstSeenAt: iso(m.firstSeenAt),
          })),
        })),
      })),
      server: v.server.map((a) => ({
        address: a.address,
        mailboxes: a.mailboxes.map((b) => ({
          name: b.name,
          specialUse: b.specialUse ?? null,
          uidValidity: b.uidValidity,
          uidNext: b.uidNext,
          messages: b.messages.map((m) => ({ uid: m.uid, key: m.key, subject: m.subject, flags: [...m.flags] })),
        })),
      })),
      verdicts: v.verdicts.map((x) => ({
        account: x.account,
        devices: [...x.devices],
        kind: x.kind,
        summary: x.summary,
        reasons: [...x.reasons],
        findings: x.findings.map((f) => ({ kind: f.kind, devices: [...f.devices], messages: [...f.messages], text: f.text })),
        matrix: x.matrix.map((row) => ({
          key: row.key,
          subject: row.subject,
          server: row.server,
          devices: Object.fromEntries(Object.entries(row.devices).map(([name, cell]) => [name, { label: cell.label, present: cell.present, finding: cell.finding ?? null }])),
        })),
      })),
      latencies: Array.from(v.latencies, (l) => ({
        key: l.key,
        subject: l.subject,
        device: l.device,
        deliveredAt: iso(l.deliveredAt),
        visibleAt: l.visibleAt === undefined ? null : iso(l.visibleAt),
        latencyMs: l.visibleAt === undefined ? null : l.visibleAt - l.deliveredAt,
      })),
      events: v.events.map((e) => ({ at: iso(e.at), kind: e.kind, device: e.device ?? null, key: e.message ?? null, subject: e.subject ?? null, text: e.text, detail: e.detail === true })),
      expectations: v.expectations.map((e) => ({ name: e.name, target: e.target, passed: e.passed, expected: e.expected, actual: e.actual, detail: e.detail ?? null, line: e.line })),
      ...(recording ? recordedSections(v, recording) : {}),
    })),
  };
}

function recordedSections(variant: VariantResult, recording: RunRecording): Pick<RunJsonDocument['variants'][number], 'frames' | 'exchanges'> {
  const { frames, exchanges } = recording.variant(variant.name, variant.devices.map((d) => d.name));
  return {
    frames: frames.map(frameJson),
    exchanges: exchanges.map((e) => ({
      device: e.device,
      protocol: e.protocol,
      connection: e.connection,
      at: iso(e.at),
      step: e.step,
      from: e.from,
      command: e.command,
      result: e.result,
      effect: e.effect,
      lines: [...e.lines],
    })),
  };
}

function frameJson(frame: Frame): z.infer<typeof JsonFrame> {
  return {
    step: frame.step ? { index: frame.step.index, kind: frame.step.kind, text: frame.step.text, line: frame.step.line } : null,
    at: iso(frame.at),
    events: frame.events,
    devices: frame.devices.map((d: DeviceSnapshot) => ({
      name: d.name,
      online: d.online,
      folders: d.folders.map((f) => ({
        name: f.name,
        messages: f.messages.map((m) => ({ key: m.key, subject: m.subject, read: m.seen, flagged: m.flagged, deleted: m.deleted, headersOnly: m.headersOnly })),
      })),
    })),
    server: frame.server.map((a: ServerAccount) => ({
      address: a.address,
      mailboxes: a.mailboxes.map((b) => ({ name: b.name, specialUse: b.specialUse ?? null, messages: b.messages.map((m) => ({ uid: m.uid, key: m.key, subject: m.subject, flags: [...m.flags] })) })),
    })),
  };
}

function jsonSettings(settings: DeviceSettings, summary: string): z.infer<typeof JsonSettings> {
  const common = { client: settings.client ?? null, summary, checkEvery: settings.checkEvery ?? null, checkAtStartup: settings.checkAtStartup };
  if (settings.protocol === 'pop3') {
    return {
      protocol: 'pop3',
      ...common,
      leaveOnServer: settings.leaveOnServer,
      deleteAfterDays: settings.deleteAfterDays ?? null,
      deleteFromServerWhenDeleted: settings.deleteFromServerWhenDeleted,
      serverDeleteOn: settings.serverDeleteOn,
      headersOnly: settings.headersOnly,
    };
  }
  return { protocol: 'imap', ...common, folders: settings.folders === 'all' ? 'all' : [...settings.folders], push: settings.push, download: settings.download, deleteModel: settings.deleteModel, resync: settings.resync };
}

/** Two-space indented, newline-terminated: diff-friendly and byte-stable. */
export function renderJson(result: RunResult, version: string, recording?: RunRecording): string {
  return `${JSON.stringify(toJsonDocument(result, version, recording), null, 2)}\n`;
}
