import type { OutgoingMail } from './device.js';
import type { LocalFolderSnapshot, LocalStore } from './local-store.js';

/** "bob@example.com and carol@example.org": who a message goes to, for the timeline. */
export function listRecipients(mail: OutgoingMail): string {
  const list = mail.recipients;
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** The timeline line when submission fails, in the server's words when it gave any. */
export function sendingFailed(mail: OutgoingMail, error: unknown): string {
  const e = error as { response?: string; message?: string };
  return `could not send "${mail.subject}": ${e.response ?? e.message ?? String(error)}; it stays in the Outbox`;
}

/** Where folders an account left behind live on the device: "Local/INBOX". */
export const LOCAL_PREFIX = 'Local/';

/**
 * Keeps another account's folders on this device under "Local/…", as a client keeps a removed
 * POP3 account's mail in local folders; returns their names.
 */
export function inheritFolders(local: LocalStore, folders: readonly LocalFolderSnapshot[]): string[] {
  const names: string[] = [];
  for (const folder of folders) {
    if (folder.messages.length === 0) continue;
    const name = `${LOCAL_PREFIX}${folder.name}`;
    for (const message of folder.messages) local.add(name, { ...message });
    names.push(name);
  }
  return names;
}
