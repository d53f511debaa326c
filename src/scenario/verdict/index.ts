import type { DeviceSnapshot } from '../../devices/device.js';
import type { RunEvent } from '../../devices/events.js';
import { FINDING_KINDS, type AccountVerdict, type DeliveredMessage, type Finding, type FindingKind, type MatrixRow, type MessageOnDevice, type ServerAccount } from '../result.js';
import { groupDigits } from '../../text/numbers.js';
import { joinNames, plural, Story, type Attribute } from './story.js';
import {
  comparable,
  currentView,
  describePlacements,
  indexDevice,
  describeServer,
  eventualView,
  indexServer,
  localPlacements,
  LOCAL_TRASH,
  sameView,
  TRASH_USE,
  type Placement,
  type View,
} from './views.js';

export interface JudgeInput {
  readonly account: string;
  readonly devices: readonly DeviceSnapshot[];
  readonly server: ServerAccount | undefined;
  readonly delivered: readonly DeliveredMessage[];
  readonly events: readonly RunEvent[];
  /** Scenario start: polls are counted from it, times are printed against it. */
  readonly origin: number;
  readonly endedAt: number;
}

/** A device's view of a message in the comparison between devices; "frozen" when no sync changes it (POP3, local folders). */
interface Participant {
  readonly device: DeviceSnapshot;
  /** How the text names it: "phone", or "phone's local folders". */
  readonly name: string;
  readonly frozen: boolean;
  readonly view: View;
}

/** A view without the given local placements; "gone" when nothing else is left. */
function withoutLocal(view: View, local: readonly Placement[]): View {
  if (view.kind !== 'shown') return view;
  const rest = view.placements.filter((p) => !local.includes(p));
  return rest.length > 0 ? { kind: 'shown', placements: rest } : { kind: 'gone' };
}

/**
 * The first pair (a frozen view, any other view) that differ, in the order the frozen views and
 * then the views are listed. sameView is an equivalence, so when every view matches the first
 * frozen one no pair differs at all: one pass over the views instead of one per frozen view (with
 * 25 POP3 and 25 IMAP devices, 1,250 comparisons per message became 50).
 */
function firstSplit(frozen: readonly Participant[], views: readonly Participant[]): readonly [Participant, Participant] | undefined {
  const p = frozen[0];
  if (p === undefined) return undefined;
  const q = views.find((v) => v !== p && !sameView(p.view, v.view));
  return q === undefined ? undefined : [p, q];
}

/** One finding about one message, before findings with the same story are merged. */
interface Item {
  readonly kind: FindingKind;
  readonly devices: readonly string[];
  readonly key: string;
  readonly subject: string;
  /** The sentence, with "it" or, for several messages, "them". */
  readonly explain: (them: boolean) => string;
  /** For hidden: the server folders it is in. */
  readonly folders?: readonly string[];
  /** For hidden: on the server where the device looks, but its provider's POP no longer lists it. */
  readonly notListed?: boolean;
}

/**
 * Judges one account: every device against the server (what it shows against what its next check
 * would show) and the devices against each other (state that no sync reconciles). Each finding
 * names its messages and its cause from the recorded events; the headline is the most serious.
 */
export function judgeAccount(input: JudgeInput): AccountVerdict {
  const { account, devices } = input;
  const names = devices.map((d) => d.name);
  const story = new Story(input.events, input.origin, input.endedAt);
  const places = indexServer(input.server);
  const serverTrash = input.server?.mailboxes.find((b) => b.specialUse === TRASH_USE)?.name ?? 'Trash';
  const trashOf = (d: DeviceSnapshot): string => (d.protocol === 'imap' ? serverTrash : LOCAL_TRASH);
  const messages = universe(input);
  const shown = new Map(devices.map((d) => [d.name, indexDevice(d)]));

  const items = new ItemGroups();
  const matrix: MatrixRow[] = [];
  // One entry per distinct cell, so never more than the matrix has cells.
  const cells = new SharedCells();
  for (const message of messages) {
    const where = places.get(message.key) ?? [];
    const current = new Map<string, View>();
    const eventual = new Map<string, View>();
    for (const d of devices) {
      const now = currentView(shown.get(d.name)!, message.key);
      current.set(d.name, now);
      eventual.set(d.name, eventualView(d, where, now, story.downloadedBy(message.key, d.name), pop3Listed(input.server, d), message.key));
    }
    const cellFinding = new Map<string, FindingKind>();
    const holders = names.filter((n) => eventual.get(n)!.kind === 'shown');

    for (const d of devices) {
      const now = current.get(d.name)!;
      const next = eventual.get(d.name)!;
      if (now.kind !== 'shown' && next.kind === 'gone' && holders.length > 0) {
        cellFinding.set(d.name, 'fragmented');
        items.add({ kind: 'fragmented', devices: [d.name], key: message.key, subject: message.subject, explain: (them) => story.whyMissing(message, d, holders, them) });
      } else if (now.kind !== 'shown' && next.kind === 'hidden') {
        cellFinding.set(d.name, 'hidden');
        items.add({ kind: 'hidden', devices: [d.name], key: message.key, subject: message.subject, folders: next.folders, ...(next.notListed ? { notListed: true } : {}), explain: (them) => hiddenText(story, d, message.key, next.folders, them, next.notListed ?? false) });
      } else if (!sameShown(now, next) && !(d.protocol === 'pop3' && now.kind === 'shown')) {
        cellFinding.set(d.name, 'stale');
        items.add({ kind: 'stale', devices: [d.name], key: message.key, subject: message.subject, explain: (them) => staleText(story, d, message.key, now, next, them) });
      }
    }

    // Devices against each other, among those that hold the message or whose user deleted it: a
    // POP3 device by what it holds (nothing reconciles it), an IMAP device by what its next check
    // shows (its lag is reported as stale). A POP3 copy keeps its own state, so any difference
    // involving one is permanent.
    const views: Participant[] = devices
      .filter((d) => current.get(d.name)!.kind === 'shown' || eventual.get(d.name)!.kind === 'deleted')
      .map((d) => {
        const local = localPlacements(d, current.get(d.name)!);
        const base = d.protocol === 'pop3' ? current.get(d.name)! : eventual.get(d.name)!;
        // An IMAP device's copies in a former POP3 account's folders are compared on their own.
        const own: View = d.protocol === 'imap' && local.length > 0 ? withoutLocal(base, local) : base;
        return { device: d, name: d.name, frozen: d.protocol === 'pop3', view: comparable(own, d, trashOf, eventual.get(d.name)!) };
      })
      .filter(({ view }) => view.kind === 'shown' || view.kind === 'deleted');
    for (const d of devices) {
      const local = d.protocol === 'imap' ? localPlacements(d, current.get(d.name)!) : [];
      if (local.length > 0) views.push({ device: d, name: `${d.name}'s local folders`, frozen: true, view: { kind: 'shown', placements: local.map((p) => ({ ...p, folder: p.folder.replace(/^Local\//, '') })) } });
    }
    const frozen = views.filter((v) => v.frozen);
    const split = firstSplit(frozen, views);
    if (split) {
      const [p, q] = split;
      for (const d of [p.device.name, q.device.name]) if (!cellFinding.has(d)) cellFinding.set(d, 'diverged');
      items.add({ kind: 'diverged', devices: [...new Set([p.device.name, q.device.name])], key: message.key, subject: message.subject, explain: (them) => divergedText(story, message.key, p, q, them) });
    } else if (frozen.length > 0 && views.filter(({ view }) => view.kind === 'shown').length >= 2) {
      const sharing = views.filter(({ view }) => view.kind === 'shown');
      for (const { device } of sharing) if (!cellFinding.has(device.name)) cellFinding.set(device.name, 'copies');
      items.add({ kind: 'copies', devices: [...new Set(sharing.map((v) => v.device.name))], key: message.key, subject: message.subject, explain: (them) => copiesText(sharing, where.length > 0, them, input.server?.pop3Listing !== undefined) });
    }

    matrix.push({
      key: message.key,
      subject: message.subject,
      devices: Object.fromEntries(devices.map((d) => [d.name, cells.shared(cell(current.get(d.name)!, eventual.get(d.name)!, cellFinding.get(d.name), holders.length > 0))])),
      server: describeServer(where),
    });
  }

  const findings = items.findings();
  const top = findings[0];
  const kind = top?.kind ?? (devices.length < 2 ? 'single' : 'converged');
  return { account, devices: names, kind, summary: headline(kind, items.all, names, account, messages.length, matrix), findings, reasons: findings.map((f) => `${f.kind}: ${f.text}`), matrix };
}

/** Whether a check would change what the device shows: two views that show nothing are the same. */
function sameShown(now: View, next: View): boolean {
  return (now.kind !== 'shown' && next.kind !== 'shown') || sameView(now, next);
}

/** Delivered messages of the account in delivery order, then any other the server or a device holds. */
function universe(input: JudgeInput): DeliveredMessage[] {
  const list = input.delivered.filter((m) => m.account === input.account);
  const known = new Set(list.map((m) => m.key));
  const add = (key: string, subject: string, at: number): void => {
    if (known.has(key)) return;
    known.add(key);
    list.push({ key, subject, from: '', account: input.account, deliveredAt: at });
  };
  for (const box of input.server?.mailboxes ?? []) for (const m of box.messages) add(m.key, m.subject, input.origin);
  for (const d of input.devices) for (const f of d.folders) for (const m of f.messages) add(m.key, m.subject, m.firstSeenAt);
  return list;
}

/**
 * Equal cells as one object. A matrix has a cell per message and device, but few distinct ones
 * ("INBOX, unread" for most): their copies were about 6 % of what a large run kept. Cells are
 * read-only, so sharing them changes nothing a reader sees.
 */
class SharedCells {
  private readonly known = new Map<string, MessageOnDevice>();

  shared(cell: MessageOnDevice): MessageOnDevice {
    // NUL never occurs in a folder name or a label, so the fields cannot run into each other.
    const key = cell.present ? `+${cell.folder}\0${cell.seen ? 1 : 0}${cell.flagged ? 1 : 0}${cell.deleted ? 1 : 0}\0${cell.label}\0${cell.finding ?? ''}` : `-${cell.label}\0${cell.finding ?? ''}`;
    const known = this.known.get(key);
    if (known) return known;
    this.known.set(key, cell);
    return cell;
  }
}

function cell(now: View, next: View, finding: FindingKind | undefined, heldElsewhere: boolean): MessageOnDevice {
  const base = now.kind === 'shown' && now.placements.length > 0 ? now.placements[0]! : undefined;
  let label: string;
  if (now.kind === 'shown') label = describePlacements(now.placements) + (finding === 'stale' ? ', stale' : '');
  else if (finding === 'fragmented') label = 'missing';
  else if (finding === 'hidden' && next.kind === 'hidden') label = `hidden: ${next.folders.join(', ')}`;
  else if (finding === 'stale') label = 'not yet (stale)';
  else if (next.kind === 'deleted') label = 'deleted';
  else label = heldElsewhere ? 'missing' : 'gone';
  // Built whole rather than spread together: a million cells (100 devices x 10,000 messages) in
  // four fixed shapes instead of objects with their properties stored out of line. The key order
  // is the JSON document's.
  if (!base) return finding ? { present: false, label, finding } : { present: false, label };
  const { folder, seen, flagged, deleted } = base;
  return finding ? { present: true, folder, seen, flagged, deleted, label, finding } : { present: true, folder, seen, flagged, deleted, label };
}

/** Subjects listed in a finding before the rest are counted: a reason must stay readable at any size. */
export const MAX_NAMED_MESSAGES = 5;

/** '"A", "B" and "C"', or '"A", "B", "C" and 2,997 more' when there are many. */
function nameMessages(subjects: readonly string[]): string {
  const quoted = subjects.map((s) => `"${s}"`);
  if (quoted.length <= MAX_NAMED_MESSAGES) return joinNames(quoted);
  const rest = quoted.length - (MAX_NAMED_MESSAGES - 1);
  return `${quoted.slice(0, MAX_NAMED_MESSAGES - 1).join(', ')} and ${groupDigits(rest)} more`;
}

/** An item without its sentence: what the headline counts. */
type Counted = Omit<Item, 'explain'>;

/**
 * Items of one kind whose stories read the same, merged as they are found, so "A" and "B" share
 * one sentence. Only the first item of each story keeps its sentence (a closure holding that
 * message's views of every device); holding every item's until the end made the verdict the peak
 * of a large run's memory.
 */
class ItemGroups {
  readonly all: Counted[] = [];
  private readonly groups = new Map<string, { item: Item; keys: string[]; subjects: string[] }>();

  add(item: Item): void {
    const { explain: _sentence, ...counted } = item;
    this.all.push(counted);
    const id = `${item.kind}\u0000${item.devices.join(',')}\u0000${item.explain(false)}`;
    const group = this.groups.get(id);
    if (group) {
      group.keys.push(item.key);
      group.subjects.push(item.subject);
    } else this.groups.set(id, { item, keys: [item.key], subjects: [item.subject] });
  }

  findings(): Finding[] {
    const findings = [...this.groups.values()].map(({ item, keys, subjects }) => ({
      kind: item.kind,
      devices: item.devices,
      messages: keys,
      text: `${nameMessages(subjects)}: ${item.explain(subjects.length > 1)}`,
    }));
    // Most serious first; within a kind, in the order the messages were found (delivery order).
    return findings.sort((a, b) => FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind));
  }
}

function headline(kind: AccountVerdict['kind'], items: readonly Counted[], names: readonly string[], account: string, total: number, matrix: readonly MatrixRow[]): string {
  const of = (k: FindingKind): Counted[] => items.filter((i) => i.kind === k);
  const list = joinNames(names);
  switch (kind) {
    case 'single':
      return `single device: only ${names[0] ?? 'no device'} uses ${account}, and it shows the server's current state`;
    case 'converged': {
      const shown = matrix.filter((row) => Object.values(row.devices).some((c) => c.present)).length;
      return shown === 0 ? `converged: ${list} show the server's current state, which holds no messages for them` : `converged: ${list} show the same ${plural(shown, 'message')} with the same state, as the server holds them`;
    }
    case 'fragmented': {
      const per = new Map<string, number>();
      for (const i of of('fragmented')) per.set(i.devices[0]!, (per.get(i.devices[0]!) ?? 0) + 1);
      return `fragmented: ${[...per].map(([d, n]) => `${d} is missing ${n} of ${plural(total, 'message')}, which the server does not have`).join('; ')}`;
    }
    case 'diverged': {
      const n = new Set(of('diverged').map((i) => i.key)).size;
      const between = names.filter((d) => of('diverged').some((i) => i.devices.includes(d)));
      return `diverged: ${plural(n, 'message')} ${n === 1 ? 'differs' : 'differ'} between ${joinNames(between)}, and no sync will reconcile ${n === 1 ? 'it' : 'them'} (POP3 keeps its own state)`;
    }
    case 'copies': {
      const n = new Set(of('copies').map((i) => i.key)).size;
      return `copies: ${list} hold matching copies of ${plural(n, 'message')}, but nothing keeps them in step (POP3)`;
    }
    case 'stale': {
      const per = [...new Set(of('stale').map((i) => i.devices[0]!))];
      return `stale: ${joinNames(per)} ${per.length === 1 ? 'has' : 'have'} not yet seen ${plural(of('stale').length, 'change')}; ${per.length === 1 ? 'its' : 'their'} next check brings ${of('stale').length === 1 ? 'it' : 'them'}`;
    }
    case 'hidden': {
      const folders = [...new Set(of('hidden').flatMap((i) => i.folders ?? []))];
      const n = new Set(of('hidden').map((i) => i.key)).size;
      const who = [...new Set(of('hidden').map((i) => i.devices[0]!))];
      if (of('hidden').every((i) => i.notListed)) {
        return `hidden: ${plural(n, 'message')} ${n === 1 ? 'is' : 'are'} on the server${folders.length ? ` in ${joinNames(folders)}` : ''}, but its POP no longer offers ${n === 1 ? 'it' : 'them'} to ${joinNames(who)}; nothing is lost`;
      }
      return `hidden: ${plural(n, 'message')} ${n === 1 ? 'is' : 'are'} on the server${folders.length ? ` in ${joinNames(folders)}` : ''}, where ${joinNames(who)} ${who.length === 1 ? 'does' : 'do'} not look; nothing is lost`;
    }
  }
}

/** What a POP3 device's session would list, where the provider decides it; undefined: INBOX. */
function pop3Listed(server: ServerAccount | undefined, device: DeviceSnapshot): ReadonlySet<string> | undefined {
  const listing = server?.pop3Listing;
  if (!listing || device.settings.protocol !== 'pop3') return undefined;
  return new Set(device.settings.recentMode ? listing.recent : listing.normal);
}

function hiddenText(story: Story, device: DeviceSnapshot, key: string, folders: readonly string[], them: boolean, notListed: boolean): string {
  const it = them ? 'they are' : 'it is';
  const how = story.cause(key, 'folder', them);
  const by = story.downloaders(key).filter((name) => name !== device.name);
  const popped = `the server's POP lists each message once per account (Gmail) and ${by.length > 0 ? `${joinNames(by)} downloaded ${them ? 'them' : 'it'}` : 'a POP client downloaded it'}, so no check of ${device.name}'s brings ${them ? 'them' : 'it'}`;
  const why = notListed ? popped : device.protocol === 'pop3' ? `POP3 only ever sees the INBOX` : `${device.name} syncs only ${device.syncs === 'all' ? 'all folders' : joinNames([...(device.syncs ?? [])])}`;
  if (notListed) return `${it} in ${joinNames([...folders])} on the server${how ? ` (${how})` : ''}, but ${why}; nothing is lost.`;
  return `${it} in ${joinNames([...folders])} on the server${how ? ` (${how})` : ''}, and ${why}, so ${device.name} does not show ${them ? 'them' : 'it'}; nothing is lost.`;
}

function staleText(story: Story, device: DeviceSnapshot, key: string, now: View, next: View, them: boolean): string {
  const it = them ? 'them' : 'it';
  const change = story.lastChange(key);
  const what =
    now.kind !== 'shown'
      ? `${device.name} does not show ${it} yet`
      : next.kind !== 'shown'
        ? `${device.name} still shows ${it}, but the server no longer has ${it} where ${device.name} looks, so ${device.name} will drop ${it}`
        : `${device.name} shows ${it} as ${describePlacements(now.placements)}, the server as ${describePlacements(next.placements)}`;
  const last = story.lastCheck(device.name);
  const since = change ? ` (${describeChange(story, change, them)}${last && last.seq < change.seq ? `, after ${device.name}'s last check at ${story.time(last.at)}` : ''})` : '';
  return `${what}${since}; ${device.name} will catch up ${story.nextCheck(device)}.`;
}

function describeChange(story: Story, event: RunEvent, them: boolean): string {
  const it = them ? 'they' : 'it';
  if (event.kind === 'deliver') return `${it} arrived at ${story.time(event.at)}`;
  if (event.kind === 'server-flag') return `the server marked ${them ? 'them' : 'it'} read at ${story.time(event.at)}`;
  if (event.kind === 'server-delete') return `${event.device} deleted ${them ? 'them' : 'it'} from the server at ${story.time(event.at)}`;
  return `${event.device} changed ${them ? 'them' : 'it'} at ${story.time(event.at)}`;
}

function divergedText(story: Story, key: string, p: Participant, q: Participant, them: boolean): string {
  const it = them ? 'them' : 'it';
  const a = p.name;
  const b = q.name;
  const differences: { text: string; attribute: Attribute }[] = [];
  if (p.view.kind !== q.view.kind) {
    const [gone, kept] = p.view.kind === 'deleted' ? [a, b] : [b, a];
    differences.push({ text: `deleted on ${gone} but still on ${kept}`, attribute: 'folder' });
  } else if (p.view.kind === 'shown' && q.view.kind === 'shown') {
    const x = p.view.placements[0]!;
    const y = q.view.placements[0]!;
    const by = (attribute: Attribute, yes: string, no: string, on: boolean): void =>
      void differences.push({ text: `${yes} on ${on ? a : b} but ${no} on ${on ? b : a}`, attribute });
    if (x.folder !== y.folder) differences.push({ text: `in ${x.folder} on ${a} but in ${y.folder} on ${b}`, attribute: 'folder' });
    if (x.deleted !== y.deleted) by('deleted', 'marked deleted', 'not', x.deleted);
    if (x.seen !== y.seen) by('seen', 'read', 'unread', x.seen);
    if (x.flagged !== y.flagged) by('flagged', 'flagged', 'not flagged', x.flagged);
  }
  if (differences.length === 0) differences.push({ text: `shown differently on ${a} and ${b}`, attribute: 'folder' });
  const told = differences.map(({ text, attribute }) => {
    const cause = story.cause(key, attribute, them);
    return `${text}${cause ? ` (${cause})` : ''}`;
  });
  const pop3 = p.frozen && q.frozen ? `${a} and ${b} keep their own POP3 copies` : `${a} ${p.name === p.device.name ? 'keeps its own POP3 copy' : 'keep the copy POP3 downloaded'}`;
  return `${them ? 'they are' : 'it is'} ${joinNames(told)}; ${pop3}, and no sync will bring ${it} in line.`;
}

/** `providerKeeps`: the provider, not the client's DELE, decides what stays (Gmail's POP). */
function copiesText(sharing: readonly Participant[], onServer: boolean, them: boolean, providerKeeps = false): string {
  const it = them ? 'them' : 'it';
  const names = joinNames(sharing.map((p) => p.name));
  const devices = [...new Set(sharing.map((p) => p.device))];
  const ageing = !onServer || providerKeeps ? [] : devices.flatMap((d) => (d.settings.protocol === 'pop3' && d.settings.deleteAfterDays !== undefined ? [`${d.name} deletes the server copy ${plural(d.settings.deleteAfterDays, 'day')} after downloading ${it}`] : []));
  return `${names} each hold their own copy of ${it} and the copies match now, but nothing keeps them in step: a read, flag or delete on one never reaches the other${ageing.length ? `, and ${joinNames(ageing)}` : ''}.`;
}
