import { z } from 'zod';
import type { DeviceSettings } from '../devices/settings.js';
import { FINDING_KINDS, VERDICT_KINDS, type RunResult, type VerdictKind } from '../scenario/result.js';

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
  }),
]);

const JsonCell = z.strictObject({
  label: z.string().describe('the matrix cell: "read", "hidden: Archive", "missing", "unread, stale", "gone"'),
  present: z.boolean(),
  finding: z.enum(FINDING_KINDS).nullable(),
});

export const RunJson = z.strictObject({
  format: z.literal(2).describe('2: device settings became an object, verdicts gained findings and matrix'),
  mailsim: z.string().describe('mailsim version'),
  scenario: z.strictObject({ name: z.string(), description: z.string().nullable(), file: z.string() }),
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
              messages: z.array(z.strictObject({ uid: z.number().int(), key: z.string(), subject: z.string(), flags: z.array(z.string()) })),
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
    }),
  ),
});

export type RunJsonDocument = z.infer<typeof RunJson>;

const iso = (ms: number): string => new Date(ms).toISOString();

export function toJsonDocument(result: RunResult, version: string): RunJsonDocument {
  const all = result.variants.flatMap((v) => v.expectations);
  const failed = all.filter((e) => !e.passed).length;
  return {
    format: 2,
    mailsim: version,
    scenario: { name: result.scenario.name, description: result.scenario.description ?? null, file: result.scenario.file },
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
      latencies: v.latencies.map((l) => ({
        key: l.key,
        subject: l.subject,
        device: l.device,
        deliveredAt: iso(l.deliveredAt),
        visibleAt: l.visibleAt === undefined ? null : iso(l.visibleAt),
        latencyMs: l.visibleAt === undefined ? null : l.visibleAt - l.deliveredAt,
      })),
      events: v.events.map((e) => ({ at: iso(e.at), kind: e.kind, device: e.device ?? null, key: e.message ?? null, subject: e.subject ?? null, text: e.text })),
      expectations: v.expectations.map((e) => ({ name: e.name, target: e.target, passed: e.passed, expected: e.expected, actual: e.actual, detail: e.detail ?? null, line: e.line })),
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
  return { protocol: 'imap', ...common, folders: settings.folders === 'all' ? 'all' : [...settings.folders], push: settings.push, download: settings.download, deleteModel: settings.deleteModel };
}

/** Two-space indented, newline-terminated: diff-friendly and byte-stable. */
export function renderJson(result: RunResult, version: string): string {
  return `${JSON.stringify(toJsonDocument(result, version), null, 2)}\n`;
}
