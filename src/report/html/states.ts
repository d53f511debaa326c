import type { Tone } from './kinds.js';
import type { JsonDevice, JsonVariant } from './model.js';

/**
 * "State at any moment": for each frame, every message delivered so far against every device and
 * the server, as it stood then. Absent cells say why in the verdict's words: "not yet" (on the
 * server where the device looks: its next check brings it), "hidden: Archive" (in a folder it does
 * not sync), "deleted" (in the server's Trash, or deleted on this device), "missing" (another
 * device has it and the server not: POP3 took it away), or "gone" (nobody has it).
 */
export interface StatePanel {
  readonly frame: number;
  readonly time: string;
  readonly heading: string;
  readonly columns: readonly { readonly name: string; readonly note: string }[];
  readonly rows: readonly { readonly subject: string; readonly cells: readonly StateCell[] }[];
  /** Messages left out past MAX_STATE_ROWS. */
  readonly more: number;
}

export interface StateCell {
  readonly text: string;
  readonly tone: Tone;
  /** Different from the frame before: what this step did. */
  readonly changed: boolean;
}

/**
 * Rows per panel. A page holds a panel per step; a scenario delivering a thousand messages would
 * otherwise make a page of hundreds of thousands of cells. The JSON document keeps them all.
 */
export const MAX_STATE_ROWS = 200;

type JsonFrame = NonNullable<JsonVariant['frames']>[number];

export function buildStates(variant: JsonVariant, context: { readonly time: (iso: string) => string }): StatePanel[] {
  const delivered = variant.events.map((e, i) => ({ e, i })).filter(({ e }) => e.kind === 'deliver' && e.key !== null);
  // A device is only asked about its own account's mail (latencies pair each message with them).
  const concerns = new Set(variant.latencies.map((l) => `${l.key}\u0000${l.device}`));
  const finalDevices = new Map(variant.devices.map((d) => [d.name, d]));
  let previous: Map<string, string> | undefined;
  return (variant.frames ?? []).map((frame, index) => {
    const messages = delivered.filter(({ i }) => i < frame.events).map(({ e }) => ({ key: e.key!, subject: e.subject ?? e.key! }));
    const deletedBy = new Set(variant.events.slice(0, frame.events).filter((e) => e.kind === 'delete' && e.key !== null).map((e) => `${e.key}\u0000${e.device}`));
    const shown = messages.slice(0, MAX_STATE_ROWS);
    const where = indexFrame(frame);
    const now = new Map<string, string>();
    const rows = shown.map((m) => {
      const labels = [
        ...frame.devices.map((d) =>
          concerns.has(`${m.key}\u0000${d.name}`) ? deviceLabel(where, d, m.key, { settings: finalDevices.get(d.name), deletedHere: deletedBy.has(`${m.key}\u0000${d.name}`) }) : NOT_ITS_ACCOUNT,
        ),
        serverLabel(where, m.key),
      ];
      const cells = labels.map(({ text, tone }, column) => {
        const id = `${m.key}\u0000${column}`;
        now.set(id, text);
        return { text, tone, changed: previous !== undefined && previous.get(id) !== text };
      });
      return { subject: m.subject, cells };
    });
    previous = now;
    const columns = [
      ...frame.devices.map((d) => ({ name: d.name, note: `${count(d.folders.reduce((n, f) => n + f.messages.length, 0))}${d.online ? '' : ', offline'}` })),
      { name: 'server', note: count(frame.server.reduce((n, a) => n + a.mailboxes.reduce((m, b) => m + b.messages.length, 0), 0)) },
    ];
    return {
      frame: index,
      time: context.time(frame.at),
      heading: frame.step ? `after: ${frame.step.text}` : 'the devices have started',
      columns,
      rows,
      more: messages.length - shown.length,
    };
  });
}

const NOT_ITS_ACCOUNT = { text: 'another account', tone: 'quiet' as const };

function count(n: number): string {
  return `${n} message${n === 1 ? '' : 's'}`;
}

type FrameDevice = JsonFrame['devices'][number];
type FrameMailbox = JsonFrame['server'][number]['mailboxes'][number];
type FrameMessage = FrameDevice['folders'][number]['messages'][number];

/**
 * Where each message is in one frame, found once: by device, the first folder that holds it; on
 * the server, the first mailbox. A scan of every folder per row and column made a panel cost its
 * rows times the messages (the HTML report's linear-cost test counts the reads).
 */
interface FrameIndex {
  readonly onDevice: ReadonlyMap<string, ReadonlyMap<string, { readonly folder: string; readonly message: FrameMessage }>>;
  readonly onServer: ReadonlyMap<string, { readonly box: FrameMailbox; readonly message: FrameMailbox['messages'][number] }>;
}

function indexFrame(frame: JsonFrame): FrameIndex {
  const onDevice = new Map<string, Map<string, { folder: string; message: FrameMessage }>>();
  for (const device of frame.devices) {
    const held = new Map<string, { folder: string; message: FrameMessage }>();
    for (const folder of device.folders) for (const message of folder.messages) if (!held.has(message.key)) held.set(message.key, { folder: folder.name, message });
    onDevice.set(device.name, held);
  }
  const onServer = new Map<string, { box: FrameMailbox; message: FrameMailbox['messages'][number] }>();
  for (const account of frame.server) for (const box of account.mailboxes) for (const message of box.messages) if (!onServer.has(message.key)) onServer.set(message.key, { box, message });
  return { onDevice, onServer };
}

function deviceLabel(where: FrameIndex, device: FrameDevice, key: string, about: { settings: JsonDevice | undefined; deletedHere: boolean }): { text: string; tone: Tone } {
  const here = where.onDevice.get(device.name)?.get(key);
  if (here) {
    const m = here.message;
    const parts = [...(here.folder === 'INBOX' ? [] : [here.folder]), m.read ? 'read' : 'unread', ...(m.flagged ? ['flagged'] : []), ...(m.deleted ? ['marked deleted'] : []), ...(m.headersOnly ? ['headers only'] : [])];
    return { text: parts.join(', '), tone: 'plain' };
  }
  const onServer = where.onServer.get(key)?.box;
  if (onServer) {
    if (onServer.specialUse === '\\Trash' || about.deletedHere) return { text: 'deleted', tone: 'quiet' };
    const looks = looksIn(about.settings, onServer.name);
    if (looks === false) return { text: `hidden: ${onServer.name}`, tone: 'warn' };
    return { text: looks ? 'not yet' : `not here; server: ${onServer.name}`, tone: 'info' };
  }
  for (const [name, held] of where.onDevice) if (name !== device.name && held.has(key)) return { text: 'missing', tone: 'bad' };
  return { text: 'gone', tone: 'quiet' };
}

/** Whether a device's checks look in a server folder: POP3 only INBOX, IMAP the folders it syncs. Undefined when unknown. */
function looksIn(device: JsonDevice | undefined, folder: string): boolean | undefined {
  const settings: unknown = device?.settings;
  if (!settings || typeof settings !== 'object') return undefined;
  const { protocol, folders } = settings as { protocol?: unknown; folders?: unknown };
  if (protocol === 'pop3') return folder === 'INBOX';
  if (folders === 'all') return true;
  return Array.isArray(folders) ? folders.includes(folder) : undefined;
}

function serverLabel(where: FrameIndex, key: string): { text: string; tone: Tone } {
  const found = where.onServer.get(key);
  return found ? { text: [found.box.name, ...found.message.flags].join(' '), tone: 'plain' } : { text: 'gone', tone: 'quiet' };
}
