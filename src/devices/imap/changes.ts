import type { ImapFlow } from 'imapflow';
import type { LocalAction } from '../device.js';
import { describeAction } from '../local-actions.js';
import type { DeleteModel } from '../settings.js';

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
  /** The message leaves the server for good (EXPUNGE), not just the folder. */
  readonly expunges?: boolean;
  /** Sends the command; false when the server refused it (imapflow logs the NO instead of throwing). */
  apply(client: ImapFlow): Promise<boolean>;
}

/**
 * The IMAP command for a user action. One table, so what the timeline says a change did and what
 * is sent to the server cannot drift apart. The folder must already be selected.
 */
export function planServerChange(change: QueuedChange, deleteModel: DeleteModel, trashFolder: string, folderExists: (name: string) => Promise<boolean>): ServerChange {
  const uid = String(change.uid);
  const opts = { uid: true };
  const flag = (op: 'add' | 'remove', name: string): ServerChange => ({
    effect: `STORE ${op === 'add' ? '+' : '-'}FLAGS ${name}`,
    apply: async (client) => (op === 'add' ? client.messageFlagsAdd(uid, [name], opts) : client.messageFlagsRemove(uid, [name], opts)),
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
    case 'copy': {
      const to = change.to!;
      return {
        effect: `COPY to ${to}`,
        apply: async (client) => {
          if (!(await folderExists(to))) await client.mailboxCreate(to);
          return (await client.messageCopy(uid, to, opts)) !== false;
        },
      };
    }
    case 'move': {
      const to = change.to!;
      return {
        effect: `MOVE to ${to}`,
        apply: async (client) => {
          // A real client offers "new folder" in the move dialog; the scenario may name one.
          // CREATE throws when the server refuses the name.
          if (!(await folderExists(to))) await client.mailboxCreate(to);
          return (await client.messageMove(uid, to, opts)) !== false;
        },
      };
    }
    case 'delete':
      if (deleteModel === 'mark') return { ...flag('add', '\\Deleted'), effect: 'STORE +FLAGS \\Deleted, still listed' };
      // Deleting from Trash itself removes for good, as clients do.
      if (deleteModel === 'expunge' || change.folder === trashFolder) {
        return { effect: '\\Deleted and EXPUNGE', expunges: true, apply: async (client) => (await client.messageDelete(uid, opts)) !== false };
      }
      return { effect: `MOVE to ${trashFolder}`, apply: async (client) => (await client.messageMove(uid, trashFolder, opts)) !== false };
  }
}

/** "moved "x" to Archive", "deleted "x"", "read "x"". */
export function describeChange(change: QueuedChange): string {
  if (change.action === 'move') return `moved "${change.subject}" to ${change.to}`;
  if (change.action === 'copy') return `copied "${change.subject}" to ${change.to}`;
  if (change.action === 'delete') return `deleted "${change.subject}"`;
  return describeAction(change.action, change.subject);
}

/** What the user asked for, for "could not ...": "move "x" to Archive", "mark "x" read". */
export function describeIntent(change: QueuedChange): string {
  const subject = `"${change.subject}"`;
  switch (change.action) {
    case 'move':
      return `move ${subject} to ${change.to}`;
    case 'copy':
      return `copy ${subject} to ${change.to}`;
    case 'delete':
      return `delete ${subject}`;
    case 'read':
      return `mark ${subject} read`;
    case 'unread':
      return `mark ${subject} unread`;
    case 'flag':
      return `flag ${subject}`;
    case 'unflag':
      return `unflag ${subject}`;
  }
}
