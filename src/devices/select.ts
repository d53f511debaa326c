import type { Selector } from './device.js';
import type { LocalMessage, LocalStore } from './local-store.js';

export const ALL = '*';

export type Selection = { readonly ok: true; readonly messages: LocalMessage[] } | { readonly ok: false; readonly reason: string; readonly subject?: string };

/** Resolves a step's message selector against what a device shows in one folder. */
export function selectMessages(local: LocalStore, folder: string, selector: Selector): Selection {
  const list = local.ordered(folder);
  if (selector === ALL) return { ok: true, messages: list };
  if (typeof selector === 'number') {
    const message = list[selector - 1];
    return message
      ? { ok: true, messages: [message] }
      : { ok: false, reason: `there is no message #${selector} in ${folder} (it has ${list.length})` };
  }
  if (typeof selector === 'object') {
    // A message id names one message: its first copy in the folder.
    const message = list.find((m) => m.key === selector.key);
    return message ? { ok: true, messages: [message] } : { ok: false, reason: `that message is not in ${folder}` };
  }
  const matches = list.filter((m) => m.subject === selector);
  return matches.length > 0
    ? { ok: true, messages: matches }
    : { ok: false, reason: `"${selector}" is not in ${folder}`, subject: selector };
}
