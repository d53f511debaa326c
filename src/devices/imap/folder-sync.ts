import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import type { ResyncNews } from './connection.js';
import type { NewEvent } from '../events.js';
import { countAttachments, readListingHeaders } from '../headers.js';
import { localMessage, type LocalStore } from '../local-store.js';
import { formatOctets } from '../octets.js';
import type { DownloadMode } from '../settings.js';
import { FolderMirror } from './mirror.js';
import { diffUids, flagChanges, shownFlags, uidSet } from './reconcile.js';

/** The header fields a message list needs: what `download: headers` fetches. */
export const LIST_HEADERS = ['date', 'from', 'subject', 'message-id'];

export interface FolderSyncContext {
  readonly device: string;
  readonly local: LocalStore;
  readonly mirrors: Map<string, FolderMirror>;
  /** The download mode now (a `set` step may change it). */
  readonly download: () => DownloadMode;
  readonly now: () => number;
  /** Counts the octets this device downloads (headers and bodies). */
  readonly downloaded: (octets: number) => void;
  /** With QRESYNC on: selects with the folder's known state and returns what the server said. */
  /** Which connection this is (1 for the device's first): a folder mirrored in an earlier one is resynchronised. */
  readonly session: () => number;
  readonly qresyncSelect?: ((folder: string, uidValidity: bigint, modseq: bigint) => Promise<{ box: MailboxObject & { qresync?: boolean }; news: ResyncNews } | undefined>) | undefined;
}

/**
 * Brings one folder's mirror up to date, adding a detail event per change it finds: new mail,
 * flag changes made elsewhere (only those since the last mod-sequence with CONDSTORE), and a full
 * reconciliation of the UID set both ways, so nothing the server holds stays missing here.
 */
export async function syncFolder(client: ImapFlow, folder: string, context: FolderSyncContext, details: NewEvent[]): Promise<void> {
  const first = details.length;
  await syncFolderOnce(client, folder, context, details);
  mergeReturns(details, first, folder);
}

/**
 * A message moved out of a folder and back on another device has a new UID there: the device
 * drops the old UID and fetches the new one in one sync. Told as one line, not "got" and
 * "disappeared" about the same message.
 */
function mergeReturns(details: NewEvent[], first: number, folder: string): void {
  const added = details.slice(first);
  const vanished = new Set(added.filter((d) => d.kind === 'vanish' && d.message !== undefined).map((d) => d.message));
  const back = new Set(added.filter((d) => d.kind === 'download' && vanished.has(d.message)).map((d) => d.message));
  if (back.size === 0) return;
  const merged = added
    .filter((d) => !(d.kind === 'vanish' && back.has(d.message)))
    .map((d) => (d.kind === 'download' && back.has(d.message) ? { ...d, text: `"${d.subject}" is in ${folder} again under a new UID (moved out and back on another device); fetched it anew` } : d));
  details.splice(first, details.length - first, ...merged);
}

async function syncFolderOnce(client: ImapFlow, folder: string, context: FolderSyncContext, details: NewEvent[]): Promise<void> {
  const known = context.mirrors.get(folder);
  // A folder the device mirrored in an earlier session (before a reconnect, say) is resynchronised:
  // the new session knows nothing of what happened in between.
  const resync = known !== undefined && known.session !== context.session();
  const selected = client.mailbox !== false && client.mailbox.path === folder;
  let news: ResyncNews | undefined;
  const answer = resync && !selected && context.qresyncSelect && known.highestModSeq !== undefined ? await context.qresyncSelect(folder, known.uidValidity, known.highestModSeq) : undefined;
  if (answer?.box.qresync) news = answer.news;
  const box: MailboxObject = answer ? answer.box : await open(client, folder);
  let mirror = context.mirrors.get(folder);
  if (mirror && mirror.uidValidity !== box.uidValidity) {
    const dropped = mirror.clear();
    details.push({ kind: 'vanish', device: context.device, text: `UIDVALIDITY of ${folder} changed: forgot ${dropped.length} cached message${dropped.length === 1 ? '' : 's'} and resynced` });
    mirror = undefined;
  }
  if (!mirror) {
    mirror = new FolderMirror(folder, box.uidValidity, context.local);
    context.mirrors.set(folder, mirror);
  }
  // The CHANGEDSINCE baseline may only move once every fetch is done: a modseq seen while
  // fetching new mail must not hide older flag changes from the refresh that follows.
  const seen: bigint[] = [];
  const since = mirror.highestModSeq;
  const from = mirror.maxUid + 1;
  if (news) applyNews(mirror, news, context, details);
  await fetchMessages(client, `${from}:*`, from, mirror, context, details, seen);
  if (news) {
    // QRESYNC: the SELECT answer already named every change and expunge since `since`.
    if (resync) details.push({ kind: 'resync', device: context.device, text: `resynced ${folder} with QRESYNC: the server's SELECT answer named ${news.vanished.length} vanished and ${news.changed.size} changed` });
  } else {
    const changed = await refreshFlags(client, mirror, context, details, seen);
    const listed = await reconcile(client, mirror, context, details, seen);
    if (resync && since !== undefined) {
      details.push({ kind: 'resync', device: context.device, text: `resynced ${folder} with CONDSTORE: ${changed} changed since mod-sequence ${since}, then all ${listed.toLocaleString('en-US')} UIDs (UID SEARCH ALL) to find what was expunged` });
    }
  }
  if (box.highestModseq !== undefined) seen.push(box.highestModseq);
  for (const modseq of seen) mirror.noteModSeq(modseq);
  mirror.session = context.session();
}

/** What a QRESYNC SELECT reported: vanished UIDs leave the mirror, changed flags replace the shown ones. */
function applyNews(mirror: FolderMirror, news: ResyncNews, context: FolderSyncContext, details: NewEvent[]): void {
  for (const uid of news.vanished) {
    const gone = mirror.remove(uid);
    if (gone) details.push({ kind: 'vanish', device: context.device, message: gone.key, subject: gone.subject, text: `"${gone.subject}" disappeared from ${mirror.folder} (deleted or moved on another device)` });
  }
  for (const [uid, flags] of news.changed) {
    const local = mirror.message(uid);
    if (!local) continue;
    const server = shownFlags(flags);
    const changes = flagChanges(local, server);
    if (changes.length === 0) continue;
    Object.assign(local, server);
    details.push({ kind: 'update', device: context.device, message: local.key, subject: local.subject, text: `"${local.subject}" is now ${changes.join(', ')} (changed on another device)` });
  }
}

/**
 * Selects a folder, or, when it is already selected, asks the server for news with NOOP, as
 * clients do: re-selecting on every check would throw away the session's state for nothing.
 */
async function open(client: ImapFlow, folder: string): Promise<MailboxObject> {
  if (client.mailbox && client.mailbox.path === folder) {
    await client.noop();
    if (client.mailbox && client.mailbox.path === folder) return client.mailbox;
  }
  return client.mailboxOpen(folder);
}

/**
 * Fetches the messages of `range` (UIDs) at or above `minUid` into the mirror: whole messages, or
 * the list headers; in "background" mode the bodies follow in a second FETCH, as Thunderbird's
 * auto-sync fills its offline store after the header fetch.
 */
async function fetchMessages(
  client: ImapFlow,
  range: string,
  minUid: number,
  mirror: FolderMirror,
  context: FolderSyncContext,
  details: NewEvent[],
  modseqs: bigint[],
): Promise<void> {
  const full = context.download() === 'full';
  const background = context.download() === 'background';
  const add = async (message: FetchMessageObject, body: Buffer | undefined): Promise<void> => {
    const raw = (full ? message.source : message.headers) ?? Buffer.alloc(0);
    context.downloaded(raw.length + (body?.length ?? 0));
    const headers = await readListingHeaders(raw);
    const attachments = full ? headers.attachments : body ? await countAttachments(body) : undefined;
    const local = localMessage({
      key: headers.messageId ?? `uid:${mirror.folder}:${message.uid}`,
      subject: headers.subject,
      from: headers.from,
      date: headers.date,
      ...shownFlags(message.flags),
      headersOnly: !full && body === undefined,
      attachments,
      firstSeenAt: context.now(),
    });
    mirror.add(message.uid, local);
    const what = full ? `whole message, ${formatOctets(raw.length)}` : body !== undefined ? `headers, ${formatOctets(raw.length)}; then the body in the background, ${formatOctets(body.length)}` : `headers only, ${formatOctets(raw.length)}`;
    details.push({ kind: 'download', device: context.device, message: local.key, subject: local.subject, text: `got "${local.subject}" in ${mirror.folder} (${what})` });
  };
  // Each message is taken into the mirror as it arrives (imapflow hands them over one by one),
  // except in "background" mode, whose bodies follow in a second FETCH. Holding a whole FETCH's
  // messages first (10,000 with their octets) made each sync's garbage outlive the young generation.
  const waiting: FetchMessageObject[] = [];
  for await (const message of client.fetch(range, { uid: true, flags: true, ...(full ? { source: true } : { headers: LIST_HEADERS }) }, { uid: true })) {
    if (message.modseq !== undefined) modseqs.push(message.modseq);
    // "n:*" always includes the highest UID, even when it is below n (RFC 3501 6.4.8).
    if (message.uid < minUid || mirror.message(message.uid) !== undefined) continue;
    if (background) waiting.push(message);
    else await add(message, undefined);
  }
  if (waiting.length === 0) return;
  const bodies = new Map<number, Buffer>();
  for await (const message of client.fetch(uidSet(waiting.map((m) => m.uid)), { uid: true, source: true }, { uid: true })) {
    if (message.source) bodies.set(message.uid, message.source);
  }
  for (const message of waiting) await add(message, bodies.get(message.uid));
}

/** Returns how many rows the server sent. */
async function refreshFlags(client: ImapFlow, mirror: FolderMirror, context: FolderSyncContext, details: NewEvent[], modseqs: bigint[]): Promise<number> {
  if (mirror.size === 0) return 0;
  let rows = 0;
  const changedSince = client.enabled.has('CONDSTORE') ? mirror.highestModSeq : undefined;
  for await (const message of client.fetch('1:*', { uid: true, flags: true }, { uid: true, ...(changedSince !== undefined ? { changedSince } : {}) })) {
    rows++;
    if (message.modseq !== undefined) modseqs.push(message.modseq);
    const local = mirror.message(message.uid);
    if (!local || !message.flags) continue;
    const server = shownFlags(message.flags);
    const changes = flagChanges(local, server);
    if (changes.length === 0) continue;
    Object.assign(local, server);
    details.push({ kind: 'update', device: context.device, message: local.key, subject: local.subject, text: `"${local.subject}" is now ${changes.join(', ')} (changed on another device)` });
  }
  return rows;
}

/** Compares the whole UID set with the server's: drops what is gone, fetches what is missing. Returns how many UIDs the server listed. */
async function reconcile(client: ImapFlow, mirror: FolderMirror, context: FolderSyncContext, details: NewEvent[], modseqs: bigint[]): Promise<number> {
  const onServer = (await client.search({ all: true }, { uid: true })) || [];
  const { missing, extra } = diffUids(mirror.uids(), onServer);
  for (const uid of extra) {
    const gone = mirror.remove(uid)!;
    details.push({ kind: 'vanish', device: context.device, message: gone.key, subject: gone.subject, text: `"${gone.subject}" disappeared from ${mirror.folder} (deleted or moved on another device)` });
  }
  if (missing.length > 0) await fetchMessages(client, uidSet(missing), 0, mirror, context, details, modseqs);
  return onServer.length;
}
