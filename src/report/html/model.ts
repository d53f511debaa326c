import { formatDuration } from '../../sim/duration.js';
import { formatDateTime, formatTime } from '../../sim/time-format.js';
import type { RunJsonDocument } from '../json.js';
import { senderName } from '../text.js';
import { kindStyle, type Tone } from './kinds.js';
import { buildSequence, type SequenceRow } from './sequence.js';
import { buildStates, type StatePanel } from './states.js';

/**
 * The page as data, made from the JSON document alone (the one source of truth): everything the
 * templates print is decided here, so the templates only escape and arrange. When the document
 * grows (new verdict kinds, findings, settings objects), this is the file that maps it.
 */
export type JsonVariant = RunJsonDocument['variants'][number];
export type JsonDevice = JsonVariant['devices'][number];

export interface PageModel {
  readonly title: string;
  readonly description: string | null;
  readonly lesson: string | null;
  readonly meta: readonly string[];
  readonly ok: boolean;
  readonly checks: { readonly passed: number; readonly failed: number };
  readonly variants: readonly VariantModel[];
  /** Subjects of every delivered message, in first-delivery order; a message's index is its id. */
  readonly subjects: readonly string[];
  /** Index into `subjects` of the message --explain follows, if any. */
  readonly explain: number | null;
}

export interface Lifeline {
  readonly id: string;
  readonly name: string;
  readonly caption: string;
  readonly kind: 'smtp' | 'server' | 'device';
}

export interface VerdictModel {
  readonly account: string;
  readonly kind: string;
  readonly label: string;
  readonly tone: Tone;
  readonly summary: string;
  /** Each finding with its kind, most serious first (or the reasons, for a document without findings). */
  readonly findings: readonly { readonly label: string | null; readonly tone: Tone; readonly text: string }[];
  readonly devices: readonly string[];
  readonly matrix: readonly { readonly subject: string; readonly cells: readonly Cell[]; readonly server: Cell }[];
}

export interface Cell {
  readonly text: string;
  readonly tone: Tone;
}

export interface Table {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly empty: string;
}

export interface VariantModel {
  /** Safe for ids and class names: "v1", "v2", … in document order. */
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly description: string | null;
  readonly lifelines: readonly Lifeline[];
  readonly rows: readonly SequenceRow[];
  readonly states: readonly StatePanel[];
  readonly verdicts: readonly VerdictModel[];
  readonly latencies: readonly Table[];
  readonly deviceTables: readonly Table[];
  readonly serverTables: readonly Table[];
  readonly expectations: readonly { readonly passed: boolean; readonly name: string; readonly detail: string | null }[];
  /** Whether frames and exchanges were recorded (documents written without --html have neither). */
  readonly recorded: boolean;
}

export function buildPage(doc: RunJsonDocument, options: { explain?: string } = {}): PageModel {
  const start = Date.parse(doc.start);
  const subjects = [...new Set(doc.variants.flatMap((v) => v.events.filter((e) => e.kind === 'deliver' && e.subject !== null).map((e) => e.subject!)))];
  const explain = options.explain === undefined ? -1 : subjects.indexOf(options.explain);
  // By subject, so no row of the sequence scans the page's subjects for its own.
  const subjectIndex = new Map(subjects.map((subject, index) => [subject, index]));
  return {
    title: `mailsim · ${doc.scenario.name}`,
    description: doc.scenario.description,
    lesson: doc.scenario.lesson,
    meta: [`seed ${doc.seed}`, `starts ${formatDateTime(start)}`, doc.scenario.file, `mailsim ${doc.mailsim}`],
    ok: doc.ok,
    checks: doc.summary.expectations,
    variants: doc.variants.map((v, i) => buildVariant(v, `v${i + 1}`, start, subjectIndex)),
    subjects,
    explain: explain < 0 ? null : explain,
  };
}

function buildVariant(variant: JsonVariant, id: string, start: number, subjects: ReadonlyMap<string, number>): VariantModel {
  const time = (iso: string): string => formatTime(Date.parse(iso), start);
  const delivers = variant.events.some((e) => e.kind === 'deliver');
  const lifelines: Lifeline[] = [
    ...(delivers ? [{ id: 'smtp', name: 'SMTP intake', caption: 'mail arriving', kind: 'smtp' as const }] : []),
    { id: 'server', name: 'server', caption: variant.server.map((a) => a.address).join(', '), kind: 'server' },
    ...variant.devices.map((d) => ({ id: `d:${d.name}`, name: d.name, caption: settingsSummary(d), kind: 'device' as const })),
  ];
  return {
    id,
    name: variant.name,
    title: variant.name === 'default' ? 'Run' : `variant ${variant.name}`,
    description: variant.description,
    lifelines,
    rows: buildSequence(variant, { time, subjects }),
    states: buildStates(variant, { time }),
    verdicts: variant.verdicts.map(verdictModel),
    latencies: variant.verdicts.filter((v) => v.kind !== 'single' && v.matrix.length > 0).map((v) => latencyTable(variant, v)),
    deviceTables: variant.devices.map((d) => deviceTable(d, time)),
    serverTables: variant.server.map(serverTable),
    expectations: variant.expectations.map((e) => ({ passed: e.passed, name: e.name, detail: e.passed ? null : `expected ${e.expected}, actual ${e.actual}${e.detail ? ` (${e.detail})` : ''} · line ${e.line}` })),
    recorded: variant.frames !== undefined && variant.exchanges !== undefined,
  };
}

/**
 * One line about a device's settings. Format 2 carries an object of resolved values with its own
 * `summary` (and `client`); format 1 carried the summary string itself.
 */
export function settingsSummary(device: { readonly settings: unknown }): string {
  const settings = device.settings;
  if (typeof settings === 'string') return settings;
  if (settings && typeof settings === 'object') {
    const { summary, client } = settings as { summary?: unknown; client?: unknown };
    const text = typeof summary === 'string' ? summary : '';
    return typeof client === 'string' && client !== '' && !text.includes(client) ? `${client}: ${text}` : text;
  }
  return '';
}

function verdictModel(verdict: JsonVariant['verdicts'][number]): VerdictModel {
  const style = kindStyle(verdict.kind);
  return {
    account: verdict.account,
    kind: verdict.kind,
    label: style.label,
    tone: style.tone,
    summary: verdict.summary,
    findings:
      verdict.findings.length > 0
        ? verdict.findings.map((f) => ({ label: kindStyle(f.kind).label, tone: kindStyle(f.kind).tone, text: f.text }))
        : verdict.reasons.map((text) => ({ label: null, tone: 'plain' as const, text })),
    devices: verdict.devices,
    matrix: verdict.matrix.map((row) => ({
      subject: row.subject,
      cells: verdict.devices.map((d) => {
        const state = row.devices[d];
        return state ? cell(state.label, state.finding) : cell('');
      }),
      server: cell(row.server),
    })),
  };
}

/**
 * A matrix label and how it looks: the finding it belongs to decides ("hidden: Archive" is a
 * warning, "missing" of a fragmented account bad news); without one, absence words are quiet.
 */
export function cell(text: string, finding: string | null = null): Cell {
  if (finding !== null) return { text, tone: kindStyle(finding).tone };
  const word = text.split(/[:,(]/)[0]!.trim();
  const tone: Tone = word === 'missing' ? 'bad' : word === 'gone' || word === 'deleted' || word === 'deleted here' ? 'quiet' : word === 'hidden' ? 'warn' : word === 'not yet' ? 'info' : 'plain';
  return { text, tone };
}

/** The JSON document's latencies by message key, then by device: the first of each pair, as a scan in order would find it. */
function latenciesByMessage<T extends { readonly key: string; readonly device: string }>(latencies: readonly T[]): Map<string, Map<string, T>> {
  const byKey = new Map<string, Map<string, T>>();
  for (const latency of latencies) {
    let devices = byKey.get(latency.key);
    if (!devices) byKey.set(latency.key, (devices = new Map()));
    if (!devices.has(latency.device)) devices.set(latency.device, latency);
  }
  return byKey;
}

function latencyTable(variant: JsonVariant, verdict: JsonVariant['verdicts'][number]): Table {
  // Looked up, not scanned: a scan of every latency per row and device was quadratic (a quarter
  // of a 2 x 3,000 run's --html time).
  const byKey = latenciesByMessage(variant.latencies);
  return {
    caption: `Delivery to visible (${verdict.account})`,
    head: ['Message', ...verdict.devices.map((d) => `${d} saw it`)],
    rows: verdict.matrix.filter((row) => byKey.has(row.key)).map((row) => [
      row.subject,
      ...verdict.devices.map((device) => {
        const latency = byKey.get(row.key)!.get(device);
        if (!latency || latency.latencyMs === null) return 'never';
        return latency.latencyMs === 0 ? 'at once' : `${formatDuration(latency.latencyMs)} later`;
      }),
    ]),
    empty: 'no messages',
  };
}

function deviceTable(device: JsonDevice, time: (iso: string) => string): Table {
  const rows: string[][] = [];
  for (const folder of device.folders) {
    folder.messages.forEach((m, i) => {
      const state = [m.read ? 'read' : 'unread', ...(m.flagged ? ['flagged'] : []), ...(m.deleted ? ['deleted'] : []), ...(m.headersOnly ? ['headers only'] : [])];
      rows.push([String(i + 1), folder.name, m.subject, senderName(m.from), m.date === null ? '' : time(m.date), state.join(', ')]);
    });
  }
  return {
    caption: `${device.name} · ${device.account} · ${settingsSummary(device)}${device.online ? '' : ' · offline'}`,
    head: ['#', 'Folder', 'Subject', 'From', 'Date', 'State'],
    rows,
    empty: 'no messages',
  };
}

function serverTable(account: JsonVariant['server'][number]): Table {
  const rows: string[][] = [];
  for (const box of account.mailboxes) {
    for (const m of box.messages) rows.push([box.name, String(m.uid), m.subject, m.flags.join(' ')]);
  }
  const empty = account.mailboxes.filter((b) => b.messages.length === 0).map((b) => b.name);
  return {
    caption: `server · ${account.address}${empty.length > 0 ? ` · empty: ${empty.join(', ')}` : ''}`,
    head: ['Mailbox', 'UID', 'Subject', 'Flags'],
    rows,
    empty: 'no messages in any mailbox',
  };
}
