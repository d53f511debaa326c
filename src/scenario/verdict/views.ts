import type { DeviceSnapshot } from '../../devices/device.js';
import type { ServerAccount } from '../result.js';

/** One copy of a message as a device shows it (or would show it): its folder and flags. */
export interface Placement {
  readonly folder: string;
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly deleted: boolean;
}

/**
 * How a message stands for one device: shown in some folders; deleted (only in Trash, or deleted
 * for good by this device's user); hidden (on the server only in folders the device does not
 * see); or gone (the server no longer has it).
 */
export type View =
  | { readonly kind: 'shown'; readonly placements: readonly Placement[] }
  | { readonly kind: 'deleted' }
  /** `notListed`: a POP3 device's provider does not list it (Gmail: downloaded by POP once already). */
  | { readonly kind: 'hidden'; readonly folders: readonly string[]; readonly notListed?: boolean }
  | { readonly kind: 'gone' };

/** Where the server holds one message: mailbox, special use, flags. */
export interface ServerPlace {
  readonly mailbox: string;
  readonly specialUse?: string;
  readonly flags: readonly string[];
}

export const TRASH_USE = '\\Trash';
const INBOX = 'INBOX';
/** A POP3 device's local Trash carries this name; an IMAP server's Trash is known by its special use. */
export const LOCAL_TRASH = 'Trash';

/** Message key -> every place the server holds it, in mailbox order. */
export function indexServer(server: ServerAccount | undefined): Map<string, ServerPlace[]> {
  const places = new Map<string, ServerPlace[]>();
  for (const box of server?.mailboxes ?? []) {
    for (const m of box.messages) {
      const list = places.get(m.key) ?? [];
      list.push({ mailbox: box.name, ...(box.specialUse ? { specialUse: box.specialUse } : {}), flags: m.flags });
      places.set(m.key, list);
    }
  }
  return places;
}

/** Message key -> where the device shows it, built once per device (a scan per message would be quadratic). */
export function indexDevice(device: DeviceSnapshot): Map<string, Placement[]> {
  const index = new Map<string, Placement[]>();
  for (const folder of device.folders) {
    for (const m of folder.messages) {
      const list = index.get(m.key) ?? [];
      list.push({ folder: folder.name, seen: m.seen, flagged: m.flagged, deleted: m.deleted });
      index.set(m.key, list);
    }
  }
  return index;
}

/** What the device shows now, from its index. */
export function currentView(index: ReadonlyMap<string, readonly Placement[]>, key: string): View {
  const placements = index.get(key);
  return placements && placements.length > 0 ? { kind: 'shown', placements } : { kind: 'gone' };
}

function fromServer(place: ServerPlace): Placement {
  return { folder: place.mailbox, seen: place.flags.includes('\\Seen'), flagged: place.flags.includes('\\Flagged'), deleted: place.flags.includes('\\Deleted') };
}

function absentView(places: readonly ServerPlace[]): View {
  if (places.length === 0) return { kind: 'gone' };
  const visible = places.filter((p) => p.specialUse !== TRASH_USE);
  return visible.length === 0 ? { kind: 'deleted' } : { kind: 'hidden', folders: visible.map((p) => p.mailbox) };
}

/** The placements of a message in a device's local-only folders (see DeviceSnapshot.localFolders). */
export function localPlacements(device: DeviceSnapshot, view: View): Placement[] {
  const local = device.localFolders ?? [];
  return view.kind === 'shown' ? view.placements.filter((p) => local.includes(p.folder)) : [];
}

export function syncsFolder(device: DeviceSnapshot, folder: string): boolean {
  return device.syncs === 'all' || (device.syncs ?? []).includes(folder);
}

/**
 * What the device will show once it has checked, given the server as it is now. An IMAP device
 * shows the server's state of the folders it syncs. A POP3 device keeps what it downloaded as it
 * is (nothing reconciles it); what it has not downloaded it gets only from the server's INBOX.
 */
export function eventualView(device: DeviceSnapshot, places: readonly ServerPlace[], current: View, downloadedBefore: boolean, pop3Listed?: ReadonlySet<string>, key?: string): View {
  if (device.protocol === 'imap') {
    // Copies in folders no server keeps (a former POP3 account's) stay as they are.
    const local = localPlacements(device, current);
    const synced = places.filter((p) => syncsFolder(device, p.mailbox)).map(fromServer);
    const all = [...synced, ...local];
    if (all.length > 0) return { kind: 'shown', placements: all };
    return absentView(places);
  }
  if (current.kind === 'shown') return current;
  if (downloadedBefore) return { kind: 'deleted' };
  // The provider decides what POP lists (Gmail: All Mail, each message once per account).
  if (pop3Listed && key !== undefined) {
    if (pop3Listed.has(key)) return { kind: 'shown', placements: [{ folder: INBOX, seen: false, flagged: false, deleted: false }] };
    const absent = absentView(places);
    return absent.kind === 'hidden' ? { ...absent, notListed: true } : absent;
  }
  if (places.some((p) => p.mailbox === INBOX)) return { kind: 'shown', placements: [{ folder: INBOX, seen: false, flagged: false, deleted: false }] };
  return absentView(places);
}

/**
 * The view in terms two devices can share: copies in a Trash count as deleted (a POP3 device's
 * local Trash and an IMAP server's Trash mean the same to the user).
 */
export function comparable(view: View, device: DeviceSnapshot, trashOf: (device: DeviceSnapshot) => string, eventual: View): View {
  if (view.kind !== 'shown') return eventual.kind === 'deleted' ? eventual : view;
  const trash = trashOf(device);
  const kept = view.placements.filter((p) => p.folder !== trash);
  return kept.length > 0 ? { kind: 'shown', placements: kept } : { kind: 'deleted' };
}

export function sameView(a: View, b: View): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'hidden' && b.kind === 'hidden') return a.folders.join('\n') === b.folders.join('\n');
  if (a.kind !== 'shown' || b.kind !== 'shown') return true;
  const key = (p: Placement): string => `${p.folder}\u0000${p.seen}\u0000${p.flagged}\u0000${p.deleted}`;
  const left = a.placements.map(key).sort();
  const right = b.placements.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

/** "read", "Archive, unread, flagged": a shown view in a matrix cell. */
export function describePlacements(placements: readonly Placement[]): string {
  return placements
    .map((p) => {
      const parts: string[] = [];
      if (p.folder !== INBOX) parts.push(p.folder);
      parts.push(p.seen ? 'read' : 'unread');
      if (p.flagged) parts.push('flagged');
      if (p.deleted) parts.push('marked deleted');
      return parts.join(', ');
    })
    .join('; ');
}

/** "INBOX \Seen", "Trash", "gone": the server column. */
export function describeServer(places: readonly ServerPlace[]): string {
  if (places.length === 0) return 'gone';
  return places.map((p) => [p.mailbox, ...p.flags].join(' ')).join('; ');
}
