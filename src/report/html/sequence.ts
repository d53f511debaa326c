import type { ExchangeEffect, ExchangeOrigin } from './exchanges.js';
import type { JsonVariant } from './model.js';

/**
 * The rows of a sequence diagram, top to bottom, from a variant's events, frames and exchanges.
 * Each step opens with a row on the time axis; under it come deliveries (SMTP intake -> server),
 * each device's exchanges grouped per check (titled by the device's own account of it, e.g.
 * "checked mail (POP3): 3 new"), and device-only actions. Grouping is by step, device and time,
 * never by the order two devices' lines happened to cross, so the diagram is the same every run.
 */
export type SequenceRow = StepRow | DeliverRow | GroupRow | LocalRow | NoteRow;

interface RowBase {
  /** Virtual time, as the report prints it. */
  readonly time: string;
  /** The frame that shows the state after the step this row belongs to. */
  readonly frame: number;
  /** Indices (into the page's subjects) of the messages this row concerns, for --explain. */
  readonly messages: readonly number[];
}

export interface StepRow extends RowBase {
  readonly kind: 'step';
  readonly text: string;
  readonly stepKind: string;
  readonly line: number | null;
  /** Whether a frame was taken after it (the devices closing at the end have none of their own). */
  readonly moment: boolean;
}

export interface DeliverRow extends RowBase {
  readonly kind: 'deliver';
  readonly subject: string;
  readonly text: string;
}

export interface ExchangeRow {
  readonly time: string;
  readonly from: ExchangeOrigin;
  readonly command: string;
  readonly result: string;
  readonly effect: ExchangeEffect;
  readonly lines: readonly string[];
}

export interface GroupRow extends RowBase {
  readonly kind: 'group';
  readonly device: string;
  readonly title: string;
  readonly details: readonly string[];
  readonly exchanges: readonly ExchangeRow[];
  /** Who spoke first: a device's check, or the server pushing during IDLE. */
  readonly from: 'client' | 'server';
  readonly effect: ExchangeEffect;
  /** No event of the device explains it: connection upkeep such as IDLE/NOOP between steps. */
  readonly background: boolean;
  /** For a routine check standing for a run of identical ones: how many more, and until when. */
  readonly repeats?: { readonly count: number; readonly until: string };
}

export interface LocalRow extends RowBase {
  readonly kind: 'local';
  readonly device: string;
  readonly text: string;
  readonly eventKind: string;
  readonly details: readonly string[];
}

export interface NoteRow extends RowBase {
  readonly kind: 'note';
  readonly text: string;
}

type JsonEvent = JsonVariant['events'][number];
type JsonExchange = NonNullable<JsonVariant['exchanges']>[number];

interface Context {
  readonly time: (iso: string) => string;
  /** The page's subjects, each with its index (PageModel.subjects). */
  readonly subjects: ReadonlyMap<string, number>;
}

interface Segment {
  readonly frame: number;
  readonly step: { readonly text: string; readonly kind: string; readonly line: number | null } | null;
  readonly at: string;
  readonly events: readonly JsonEvent[];
  readonly exchanges: readonly JsonExchange[];
}

export function buildSequence(variant: JsonVariant, context: Context): SequenceRow[] {
  const rows: SequenceRow[] = [];
  for (const segment of segments(variant)) rows.push(...compactRoutine(segmentRows(segment, variant, context)));
  return rows;
}

/**
 * A device polling hourly for ten days makes hundreds of identical "nothing new" checks. Within a
 * run of consecutive routine groups (nothing changed, nothing downloaded), keep the first per
 * device and title and say how many more followed, as the text timeline does. The JSON keeps all.
 */
function compactRoutine(rows: readonly SequenceRow[]): SequenceRow[] {
  const routine = (row: SequenceRow | undefined): row is GroupRow => row?.kind === 'group' && row.effect === 'none' && row.details.length === 0 && row.messages.length === 0 && row.from === 'client';
  const out: SequenceRow[] = [];
  for (let i = 0; i < rows.length; ) {
    if (!routine(rows[i])) {
      out.push(rows[i]!);
      i++;
      continue;
    }
    const kept = new Map<string, { first: GroupRow; count: number; until: string }>();
    for (; routine(rows[i]); i++) {
      const row = rows[i] as GroupRow;
      const key = `${row.device}\u0000${row.title}`;
      const seen = kept.get(key);
      if (seen) {
        seen.count++;
        seen.until = row.time;
      } else kept.set(key, { first: row, count: 0, until: row.time });
    }
    for (const { first, count, until } of kept.values()) out.push(count > 0 ? { ...first, repeats: { count, until } } : first);
  }
  return out;
}

/** Start (frame 0), then one segment per step (frame k + 1), then the devices closing. */
function segments(variant: JsonVariant): Segment[] {
  const frames = variant.frames ?? [];
  const exchanges = variant.exchanges ?? [];
  if (frames.length === 0) {
    // A document without frames (not written for --html): one segment of every event.
    return [{ frame: 0, step: null, at: variant.events[0]?.at ?? variant.endedAt, events: variant.events, exchanges }];
  }
  const out: Segment[] = [];
  let from = 0;
  frames.forEach((frame, f) => {
    const index = frame.step?.index ?? null;
    out.push({
      frame: f,
      step: frame.step ? { text: frame.step.text, kind: frame.step.kind, line: frame.step.line } : null,
      at: frame.at,
      events: variant.events.slice(from, frame.events),
      exchanges: exchanges.filter((e) => e.step === index),
    });
    from = frame.events;
  });
  const last = frames.length - 1;
  const closing = exchanges.filter((e) => e.step !== null && e.step >= last);
  const after = variant.events.slice(from);
  if (closing.length > 0 || after.length > 0) out.push({ frame: last, step: { text: 'the run ends: devices disconnect', kind: 'end', line: null }, at: variant.endedAt, events: after, exchanges: closing });
  return out;
}

function segmentRows(segment: Segment, variant: JsonVariant, context: Context): SequenceRow[] {
  const { time } = context;
  const frame = segment.frame;
  const subjectIndex = (subject: string | null): number[] => {
    const i = subject === null ? undefined : context.subjects.get(subject);
    return i === undefined ? [] : [i];
  };
  const rows: (SequenceRow | MutableGroup | MutableLocal)[] = [];
  const stepText = segment.step?.text ?? 'the devices start';
  // A step row's time is that of its first event or exchange: when the step began.
  const firstAt = [segment.events[0]?.at, segment.exchanges[0]?.at].filter((a): a is string => a !== undefined).sort()[0] ?? segment.at;
  rows.push({ kind: 'step', time: time(firstAt), frame, messages: [], text: stepText, stepKind: segment.step?.kind ?? 'start', line: segment.step?.line ?? null, moment: segment.step?.kind !== 'end' });

  const deviceOrder = variant.devices.map((d) => d.name);
  const groups = new Map<string, PendingGroup>();
  for (const exchange of segment.exchanges) {
    const key = `${exchange.device}\u0000${exchange.at}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { device: exchange.device, at: exchange.at, exchanges: [] }));
    group.exchanges.push(exchange);
  }
  const pending = (): PendingGroup[] =>
    [...groups.values()].filter((g) => !g.emitted).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : deviceOrder.indexOf(a.device) - deviceOrder.indexOf(b.device)));
  const flushBefore = (at: string | undefined): void => {
    for (const group of pending()) {
      if (at !== undefined && group.at >= at) continue;
      group.emitted = groupRow(group.device, group.at, group.exchanges, null, frame, time);
      rows.push(group.emitted);
    }
  };

  let current: MutableGroup | MutableLocal | undefined;
  for (const event of segment.events) {
    if (event.detail && current) {
      current.details.push(event.text);
      current.messages.push(...subjectIndex(event.subject));
      continue;
    }
    current = undefined;
    flushBefore(event.at);
    if (event.kind === 'note') {
      if (event.text !== stepText) rows.push({ kind: 'note', time: time(event.at), frame, messages: [], text: event.text });
      continue;
    }
    if (event.kind === 'deliver') {
      rows.push({ kind: 'deliver', time: time(event.at), frame, messages: subjectIndex(event.subject), subject: event.subject ?? '', text: event.text });
      continue;
    }
    if (event.device === null) {
      rows.push({ kind: 'note', time: time(event.at), frame, messages: subjectIndex(event.subject), text: event.text });
      continue;
    }
    const group = groups.get(`${event.device}\u0000${event.at}`);
    if (group?.emitted) {
      group.emitted.titles.push(event.text);
      group.emitted.messages.push(...subjectIndex(event.subject));
      current = group.emitted;
    } else if (group) {
      group.emitted = groupRow(group.device, group.at, group.exchanges, event, frame, time);
      group.emitted.messages.push(...subjectIndex(event.subject));
      rows.push(group.emitted);
      current = group.emitted;
    } else {
      current = { kind: 'local', device: event.device, time: time(event.at), frame, messages: subjectIndex(event.subject), text: event.text, eventKind: event.kind, details: [] };
      rows.push(current);
    }
  }
  flushBefore(undefined);
  return rows.map(finish);
}

/** A device's exchanges at one instant of a step, until a row is made of them. */
interface PendingGroup {
  readonly device: string;
  readonly at: string;
  readonly exchanges: JsonExchange[];
  emitted?: MutableGroup;
}

interface MutableGroup extends Omit<GroupRow, 'details' | 'messages' | 'title'> {
  readonly titles: string[];
  readonly details: string[];
  readonly messages: number[];
}

interface MutableLocal extends Omit<LocalRow, 'details' | 'messages'> {
  readonly details: string[];
  readonly messages: number[];
}

function groupRow(device: string, at: string, exchanges: readonly JsonExchange[], title: JsonEvent | null, frame: number, time: (iso: string) => string): MutableGroup {
  const effects = exchanges.map((e) => e.effect);
  const effect: ExchangeEffect = effects.includes('change') ? 'change' : effects.includes('mark') ? 'mark' : 'none';
  return {
    kind: 'group',
    device,
    time: time(at),
    frame,
    messages: [],
    titles: title ? [title.text] : [],
    details: [],
    exchanges: exchanges.map((e) => ({ time: time(e.at), from: e.from, command: e.command, result: e.result, effect: e.effect, lines: e.lines })),
    from: exchanges[0]?.from === 'server' ? 'server' : 'client',
    effect,
    background: title === null,
  };
}

/** Freezes a row: sorted unique message indices; a group's titles joined, or its commands named. */
function finish(row: SequenceRow | MutableGroup | MutableLocal): SequenceRow {
  const messages = [...new Set(row.messages)].sort((a, b) => a - b);
  if (row.kind !== 'group') return { ...row, messages };
  const { titles, ...rest } = row as MutableGroup;
  const title = titles.length > 0 ? titles.join('; ') : upkeepTitle(rest.exchanges);
  return { ...rest, title, messages };
}

/** "IDLE, DONE, NOOP" for a group no event explains, or what the server pushed. */
function upkeepTitle(exchanges: readonly ExchangeRow[]): string {
  const pushed = exchanges.filter((e) => e.from === 'server').map((e) => e.command);
  const commands = [...new Set(exchanges.filter((e) => e.from === 'client').map((e) => e.command.split(' ')[0]!))];
  return [...(pushed.length > 0 ? [`server said ${pushed.join(', ')}`] : []), ...(commands.length > 0 ? [commands.join(', ')] : [])].join('; ');
}
