import type { ImapFlow } from 'imapflow';
import type { ImapDeviceSettings } from '../scenario/schema.js';
import type { LocalAction } from './device.js';
import { describeAction } from './local-actions.js';

/** A user action on one message of an IMAP folder: applied now, or queued while offline. */
export interface QueuedChange {
  readonly action: LocalAction['kind'];
  readonly folder: string;
  readonly uid: number;
  readonly subject: string;
  readonly key: string;
  readonly to?: string;
}

/** What a change does on the server: the command in words, and the command itself. */
export interface ServerChange {
  /** e.g. "STORE +FLAGS \Seen", "MOVE to Trash". */
  readonly effect: string;
  apply(client: ImapFlow): Promise<void>;
}

/**
 * The IMAP command for a user action. One table, so what the timeline says a change did and what
 * is sent to the server cannot drift apart. The folder must already be selected.
 */
export function planServerChange(change: QueuedChange, deleteModel: ImapDeviceSettings['deleteModel'], trashFolder: string): ServerChange {
  const uid = String(change.uid);
  const opts = { uid: true };
  const flag = (op: 'add' | 'remove', name: string): ServerChange => ({
    effect: `STORE ${op === 'add' ? '+' : '-'}FLAGS ${name}`,
    apply: async (client) => {
      if (op === 'add') await client.messageFlagsAdd(uid, [name], opts);
      else await client.messageFlagsRemove(uid, [name], opts);
    },
  });
  switch (change.action) {
    case 'read':
      return flag('add', '\\Seen');
    case 'unread':
      return flag('remove', '\\Seen');
    case 'flag':
      return flag('add', '\\Flagged');
    case 'unflag':
      return flag('remove', '\\Flagged');
    case 'move': {
      const to = change.to!;
      return {
        effect: `MOVE to ${to}`,
        apply: async (client) => {
          // A real client offers "new folder" in the move dialog; the scenario may name one.
          if (!(await client.list()).some((f) => f.path === to)) await client.mailboxCreate(to);
          await client.messageMove(uid, to, opts);
        },
      };
    }
    case 'delete':
      if (deleteModel === 'mark') return { ...flag('add', '\\Deleted'), effect: 'STORE +FLAGS \\Deleted, still listed' };
      // Deleting from Trash itself removes for good, as clients do.
      if (deleteModel === 'expunge' || change.folder === trashFolder) {
        return { effect: '\\Deleted and EXPUNGE', apply: async (client) => void (await client.messageDelete(uid, opts)) };
      }
      return { effect: `MOVE to ${trashFolder}`, apply: async (client) => void (await client.messageMove(uid, trashFolder, opts)) };
  }
}

/** "moved "x" to Archive", "deleted "x"", "read "x"". */
export function describeChange(change: QueuedChange): string {
  if (change.action === 'move') return `moved "${change.subject}" to ${change.to}`;
  if (change.action === 'delete') return `deleted "${change.subject}"`;
  return describeAction(change.action, change.subject);
}
