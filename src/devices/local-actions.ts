import type { LocalMessage } from './local-store.js';

export type FlagAction = 'read' | 'unread' | 'flag' | 'unflag';

export function applyLocalFlag(message: LocalMessage, action: FlagAction): void {
  if (action === 'read' || action === 'unread') message.seen = action === 'read';
  else message.flagged = action === 'flag';
}

export function describeAction(action: FlagAction, subject: string): string {
  const verbs: Record<FlagAction, string> = { read: 'read', unread: 'marked unread', flag: 'flagged', unflag: 'unflagged' };
  return `${verbs[action]} "${subject}"`;
}
