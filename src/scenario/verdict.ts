import type { DeviceSnapshot } from '../devices/device.js';
import type { RunEvent } from '../devices/events.js';
import { formatTime } from '../sim/time-format.js';
import type { AccountVerdict, DeliveredMessage, MessageOnDevice, VerdictKind } from './result.js';

/**
 * Compares the devices that share an account: does every device show the same messages, in the
 * same folders, with the same read and flag state? And where not, why — told from the events.
 */
export function judgeAccount(
  account: string,
  devices: readonly DeviceSnapshot[],
  delivered: readonly DeliveredMessage[],
  events: readonly RunEvent[],
  origin: number,
): AccountVerdict {
  const names = devices.map((d) => d.name);
  const messages = delivered.filter((m) => m.account === account);
  const matrix = messages.map((m) => ({
    key: m.key,
    subject: m.subject,
    devices: Object.fromEntries(devices.map((d) => [d.name, stateOn(d, m.key)])),
  }));
  const shown = matrix.filter((row) => Object.values(row.devices).some((s) => s.present));
  const time = (ms: number): string => formatTime(ms, origin);
  const story = new Story(events, time);

  if (devices.length < 2) {
    const only = names[0] ?? 'no device';
    return { account, devices: names, kind: 'single', summary: `single device: only ${only} uses ${account}; nothing to compare`, reasons: [], matrix };
  }

  const missing: { subject: string; explain: (them: boolean) => string }[] = [];
  const reasons: string[] = [];
  const missingCount = new Map<string, number>(names.map((n) => [n, 0]));
  let stateDifferences = 0;
  for (const row of shown) {
    const message = messages.find((m) => m.key === row.key)!;
    const lacking = names.filter((n) => !row.devices[n]!.present);
    for (const name of lacking) {
      missingCount.set(name, missingCount.get(name)! + 1);
      const holders = names.filter((n) => row.devices[n]!.present);
      const device = devices.find((d) => d.name === name)!;
      missing.push({ subject: message.subject, explain: (them) => story.whyMissing(message, device, holders, them) });
    }
    if (lacking.length === 0) {
      const difference = describeDifference(row.devices, names);
      if (difference) {
        stateDifferences++;
        reasons.push(`"${message.subject}" ${difference}${story.lastChange(message.key)}.`);
      }
    }
  }

  reasons.unshift(...groupReasons(missing));
  const fragmented = [...missingCount.values()].some((n) => n > 0);
  const kind: VerdictKind = fragmented ? 'fragmented' : stateDifferences > 0 ? 'diverged' : 'converged';
  const list = joinNames(names);
  let summary: string;
  if (kind === 'fragmented') {
    summary = `fragmented: ${names
      .filter((n) => missingCount.get(n)! > 0)
      .map((n) => `${n} is missing ${missingCount.get(n)} of ${plural(shown.length, 'message')}`)
      .join('; ')}`;
  } else if (kind === 'diverged') {
    summary = `diverged: ${list} show the same ${plural(shown.length, 'message')}, but ${stateDifferences} ${stateDifferences === 1 ? 'differs' : 'differ'} in read state, flags or folder`;
  } else {
    summary = shown.length === 0 ? `converged: ${list} all show no messages` : `converged: ${list} show the same ${plural(shown.length, 'message')} with the same read state`;
  }
  return { account, devices: names, kind, summary, reasons, matrix };
}

function stateOn(device: DeviceSnapshot, key: string): MessageOnDevice {
  for (const folder of device.folders) {
    const m = folder.messages.find((x) => x.key === key);
    if (m) return { present: true, folder: folder.name, seen: m.seen, flagged: m.flagged, deleted: m.deleted };
  }
  return { present: false };
}

function describeDifference(states: Readonly<Record<string, MessageOnDevice>>, names: readonly string[]): string | undefined {
  const differs = (pick: (s: MessageOnDevice) => unknown): boolean => new Set(names.map((n) => pick(states[n]!))).size > 1;
  const by = (pick: (s: MessageOnDevice) => boolean, yes: string, no: string): string => {
    const on = names.filter((n) => pick(states[n]!));
    const off = names.filter((n) => !pick(states[n]!));
    return `is ${yes} on ${joinNames(on)} but ${no} on ${joinNames(off)}`;
  };
  if (differs((s) => s.folder)) return `is in ${names.map((n) => `${states[n]!.folder} on ${n}`).join(', ')}`;
  if (differs((s) => s.deleted)) return by((s) => !!s.deleted, 'marked deleted', 'not');
  if (differs((s) => s.seen)) return by((s) => !!s.seen, 'read', 'unread');
  if (differs((s) => s.flagged)) return by((s) => !!s.flagged, 'flagged', 'not flagged');
  return undefined;
}

/** Tells, from the event log, how a message came to be where it is. */
class Story {
  constructor(
    private readonly events: readonly RunEvent[],
    private readonly time: (ms: number) => string,
  ) {}

  /**
   * Why `device` lacks the message: what removed it (a POP3 download-and-delete, another device's
   * move or delete, this device's own user), then what this device saw. Written with "it" or
   * "them" so identical stories of several messages can be merged.
   */
  whyMissing(message: DeliveredMessage, device: DeviceSnapshot, holders: readonly string[], them: boolean): string {
    const it = them ? 'them' : 'it';
    const about = this.events.filter((e) => e.message === message.key);
    const own = about.filter((e) => e.device === device.name);
    const parts: string[] = [];

    const ownAction = own.find((e) => (e.kind === 'delete' || e.kind === 'move') && !e.detail);
    const removal = about.find((e) => e.kind === 'server-delete');
    const elsewhere = about.find((e) => (e.kind === 'move' || e.kind === 'delete') && e.device !== device.name);
    if (ownAction) {
      parts.push(`${device.name}'s user ${ownAction.kind === 'move' ? `moved ${it}${movedTo(ownAction.text)}` : `deleted ${it}`} at ${this.time(ownAction.at)}`);
    } else if (removal) {
      const downloaded = about.find((e) => e.kind === 'download' && e.device === removal.device);
      const first = downloaded ? `${removal.device} downloaded ${it} at ${this.time(downloaded.at)} and ` : `${removal.device} `;
      parts.push(`${first}deleted ${it} from the server at ${this.time(removal.at)} (${reasonOf(removal.text)})`);
    } else if (elsewhere) {
      const folder = elsewhere.kind === 'move' ? movedTo(elsewhere.text).replace(/^ to /, '') : undefined;
      const unsynced = folder !== undefined && device.syncs !== undefined && device.syncs !== 'all' && !device.syncs.includes(folder) ? `, a folder ${device.name} does not sync` : '';
      parts.push(`${elsewhere.device} ${elsewhere.kind === 'move' ? `moved ${it} to ${folder}` : `deleted ${it}`} at ${this.time(elsewhere.at)}${unsynced}`);
    }

    const vanished = own.find((e) => e.kind === 'vanish');
    const downloaded = own.some((e) => e.kind === 'download');
    const checks = this.events.filter((e) => e.device === device.name && e.kind === 'check' && !e.detail && e.at >= message.deliveredAt);
    if (ownAction) {
      // The user's own action explains it fully.
    } else if (vanished) {
      parts.push(`${them ? 'they' : 'it'} disappeared from ${device.name} at ${this.time(vanished.at)}`);
    } else if (downloaded) {
      parts.push(`${device.name} no longer shows ${it}`);
    } else if (checks.length === 0) {
      parts.push(`${device.name} has not checked mail since ${them ? 'they' : 'it'} arrived at ${this.time(message.deliveredAt)}`);
    } else {
      parts.push(`${device.name} checked at ${joinNames(checks.map((c) => this.time(c.at)))} and never saw ${it}`);
    }
    const tail = holders.length > 0 && !removal ? ` (${joinNames(holders)} still ${holders.length === 1 ? 'has' : 'have'} ${it})` : '';
    return `${parts.join('; ')}${tail}.`;
  }

  /** "; laptop read it at 09:06" — the last local change to the message, if any. */
  lastChange(key: string): string {
    const change = [...this.events].reverse().find((e) => e.message === key && ['read', 'unread', 'flag', 'unflag', 'move', 'delete'].includes(e.kind));
    if (!change) return '';
    const verb = { read: 'read it', unread: 'marked it unread', flag: 'flagged it', unflag: 'unflagged it', move: 'moved it', delete: 'deleted it' }[change.kind as 'read'];
    return ` (${change.device} ${verb} at ${this.time(change.at)})`;
  }
}

/** " to Archive" from an event text like 'moved "x" to Archive (on the server: ...)'. */
function movedTo(text: string): string {
  const match = / to ([^(]+?)(?: \(|$)/.exec(text.replace(/^moved "[^"]*"/, ''));
  return match ? ` to ${match[1]}` : '';
}

/** Merges messages whose stories are the same: `"A" and "B": laptop downloaded them ...`. */
function groupReasons(missing: readonly { subject: string; explain: (them: boolean) => string }[]): string[] {
  const groups = new Map<string, { subjects: string[]; explain: (them: boolean) => string }>();
  for (const item of missing) {
    const key = item.explain(false);
    const group = groups.get(key);
    if (group) group.subjects.push(item.subject);
    else groups.set(key, { subjects: [item.subject], explain: item.explain });
  }
  return [...groups.values()].map(({ subjects, explain }) => `${joinNames(subjects.map((s) => `"${s}"`))}: ${explain(subjects.length > 1)}`);
}

/** "deleted "x" from the server (leave on server is off)" -> "leave on server is off". */
function reasonOf(text: string): string {
  const match = /\(([^)]*)\)$/.exec(text);
  return match?.[1] ?? text;
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
