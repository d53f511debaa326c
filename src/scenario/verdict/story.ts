import type { DeviceSnapshot } from '../../devices/device.js';
import type { RunEvent } from '../../devices/events.js';
import { parseDuration } from '../../sim/duration.js';
import { formatTime } from '../../sim/time-format.js';
import type { DeliveredMessage } from '../result.js';

/** The user actions that change a message on a device. */
const ACTIONS = new Set(['read', 'unread', 'flag', 'unflag', 'move', 'delete']);

export type Attribute = 'folder' | 'seen' | 'flagged' | 'deleted';

/**
 * Tells, from the event log, how a message came to be where it is. Events are indexed once by
 * message and by device, so each question costs the events of one message or one device.
 */
export class Story {
  private readonly byMessage = new Map<string, RunEvent[]>();
  private readonly checksOf = new Map<string, RunEvent[]>();

  constructor(
    events: readonly RunEvent[],
    private readonly origin: number,
    private readonly endedAt: number,
  ) {
    for (const e of events) {
      if (e.message !== undefined) {
        const list = this.byMessage.get(e.message) ?? [];
        list.push(e);
        this.byMessage.set(e.message, list);
      }
      if (e.device !== undefined && e.kind === 'check' && !e.detail) {
        const list = this.checksOf.get(e.device) ?? [];
        list.push(e);
        this.checksOf.set(e.device, list);
      }
    }
  }

  time(ms: number): string {
    return formatTime(ms, this.origin);
  }

  about(key: string): readonly RunEvent[] {
    return this.byMessage.get(key) ?? [];
  }

  downloadedBy(key: string, device: string): boolean {
    return this.about(key).some((e) => e.kind === 'download' && e.device === device);
  }

  /** Devices that downloaded the message, in the order they first did. */
  downloaders(key: string): string[] {
    return [...new Set(this.about(key).flatMap((e) => (e.kind === 'download' && e.device ? [e.device] : [])))];
  }

  /**
   * Why `device` will never get the message: what removed it from the server (a POP3 download and
   * delete, another device's expunge, this device's own user), then what this device saw. Written
   * with "it" or "them" so identical stories of several messages can be merged.
   */
  whyMissing(message: DeliveredMessage, device: DeviceSnapshot, holders: readonly string[], them: boolean): string {
    const it = them ? 'them' : 'it';
    const about = this.about(message.key);
    const own = about.filter((e) => e.device === device.name);
    const parts: string[] = [];
    const removal = about.find((e) => e.kind === 'server-delete');
    const sent = about.find((e) => e.kind === 'send');
    if (!removal && sent && !about.some((e) => e.kind === 'deliver')) {
      // Mail a device sent and kept only a copy of itself: it never reached the server.
      return `${sent.device} sent ${it} at ${this.time(sent.at)} and keeps the only copy in its own Sent folder (POP3 has no folders on the server), so ${device.name} cannot get ${it}.`;
    }
    if (removal) {
      const downloaded = about.find((e) => e.kind === 'download' && e.device === removal.device);
      const first = downloaded && downloaded.at <= removal.at ? `${removal.device} downloaded ${it} at ${this.time(downloaded.at)} and ` : `${removal.device} `;
      parts.push(`${first}deleted ${it} from the server at ${this.time(removal.at)} (${reasonOf(removal.text)})`);
    }
    const vanished = own.find((e) => e.kind === 'vanish');
    const arrival = about.find((e) => e.kind === 'deliver');
    const checks = this.checksAfter(device.name, arrival?.seq ?? 0, message.deliveredAt);
    if (vanished) parts.push(`${them ? 'they' : 'it'} disappeared from ${device.name} at ${this.time(vanished.at)}`);
    else if (checks.length === 0) parts.push(`${device.name} had not checked mail since ${them ? 'they' : 'it'} arrived at ${this.time(message.deliveredAt)}`);
    else parts.push(`${device.name} checked at ${joinNames(checks)} and never saw ${it}`);
    const tail = holders.length > 0 ? `; only ${joinNames(holders)} still ${holders.length === 1 ? 'has' : 'have'} ${it}` : '';
    return `${parts.join('; ')}${tail}.`;
  }

  /** Distinct times of `device`'s checks recorded after event `seq` (and at or after `since`): "09:30 and 10:00". */
  checksAfter(device: string, seq: number, since: number): string[] {
    const times = (this.checksOf.get(device) ?? []).filter((c) => c.seq > seq && c.at >= since).map((c) => this.time(c.at));
    return [...new Set(times)];
  }

  lastCheck(device: string): RunEvent | undefined {
    const checks = this.checksOf.get(device) ?? [];
    return checks[checks.length - 1];
  }

  /**
   * The event behind a message's state of one attribute: "laptop read it at 09:00", "the server
   * marked it read at 09:00 (laptop downloaded it by POP3)". Only events that change that very
   * attribute count, so a read is never blamed on an unrelated move.
   */
  cause(key: string, attribute: Attribute, them = false): string | undefined {
    const it = them ? 'them' : 'it';
    const kinds: Record<Attribute, readonly string[]> = {
      folder: ['move', 'delete'],
      seen: ['read', 'unread', 'server-flag'],
      flagged: ['flag', 'unflag'],
      deleted: ['delete'],
    };
    const relevant = this.about(key).filter((e) => kinds[attribute].includes(e.kind) && !(e.kind === 'read' && attribute !== 'seen'));
    const last = relevant[relevant.length - 1];
    if (!last) return undefined;
    if (last.kind === 'server-flag') return `the server marked ${it} read at ${this.time(last.at)} because ${last.by ?? 'a device'} downloaded ${it} by POP3`;
    const verb: Record<string, string> = { read: `read ${it}`, unread: `marked ${it} unread`, flag: `flagged ${it}`, unflag: `unflagged ${it}`, move: `moved ${it}${movedTo(last.text)}`, delete: `deleted ${it}` };
    return `${last.device} ${verb[last.kind]} at ${this.time(last.at)}`;
  }

  /** The last user action on the message, or the server's own change, on any device. */
  lastChange(key: string): RunEvent | undefined {
    const changes = this.about(key).filter((e) => (ACTIONS.has(e.kind) && !e.detail) || e.kind === 'server-flag' || e.kind === 'server-delete' || e.kind === 'deliver');
    return changes[changes.length - 1];
  }

  /** When `device` will next look at the server: its schedule, or the user, or the network. */
  nextCheck(device: DeviceSnapshot): string {
    if (!device.online) return 'when it is back online';
    const every = device.settings.checkEvery;
    if (every) {
      const interval = parseDuration(every);
      const next = this.origin + (Math.floor((this.endedAt - this.origin) / interval) + 1) * interval;
      return `at its next scheduled check (${this.time(next)}, every ${every})`;
    }
    return 'at its next check (it checks only when the user asks)';
  }
}

/** " to Archive" from an event text like 'moved "x" to Archive (on the server: ...)'. */
export function movedTo(text: string): string {
  const match = / to ([^(;]+?)(?: \(|;|$)/.exec(text.replace(/^(?:opened[^;]*; )?moved "[^"]*"/, ''));
  return match ? ` to ${match[1]!.replace(/^the local folder /, '')}` : '';
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

export { plural } from '../../text/plural.js';
