import type { OutgoingMail } from './device.js';
import type { EventLog } from './events.js';
import type { LocalFolderSnapshot, LocalStore } from './local-store.js';
import { submit, type SubmissionOptions, type SubmissionResult } from './submission.js';

/** What a device that sends mail gives the shared part of sending. */
export interface SendingDevice {
  readonly name: string;
  readonly online: boolean;
  /** Mail written offline or refused by the server: sent again when the device comes back online. */
  readonly outbox: OutgoingMail[];
  readonly log: EventLog;
  readonly submission: SubmissionOptions;
}

/**
 * The first half of sending, the same for every device: offline, the message waits in the Outbox;
 * online, SMTP submission as the account. Returns the server's answer, or undefined when the
 * message is in the Outbox (offline, or the submission failed), which the timeline already says.
 * What becomes of the copy (IMAP APPEND to Sent, a local Sent folder) is the device's own half.
 */
export async function submitOrQueue(device: SendingDevice, mail: OutgoingMail): Promise<SubmissionResult | undefined> {
  if (!device.online) {
    device.outbox.push(mail);
    device.log.record({ kind: 'send', device: device.name, message: mail.key, subject: mail.subject, text: `wrote "${mail.subject}" to ${listRecipients(mail)} (offline: it waits in the Outbox until back online)` });
    return undefined;
  }
  try {
    return await submit(mail, device.submission);
  } catch (error) {
    device.outbox.push(mail);
    device.log.record({ kind: 'error', device: device.name, message: mail.key, subject: mail.subject, text: sendingFailed(mail, error) });
    return undefined;
  }
}

/** "bob@example.com and carol@example.org": who a message goes to, for the timeline. */
export function listRecipients(mail: OutgoingMail): string {
  const list = mail.recipients;
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** The timeline line when submission fails, in the server's words when it gave any. */
export function sendingFailed(mail: OutgoingMail, error: unknown): string {
  const e = error as { response?: string; message?: string };
  return `could not send "${mail.subject}": ${e.response ?? e.message ?? String(error)}; it stays in the Outbox until the device is next back online`;
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
