/**
 * NOTIFY arguments (RFC 5465 8):
 *   NOTIFY "NONE" / NOTIFY "SET" [SP "STATUS"] 1*(SP "(" filter-mailboxes SP events ")")
 *   filter-mailboxes = "selected" / "selected-delayed" / "inboxes" / "personal" / "subscribed"
 *                      / "subtree" SP one-or-more-mailbox / "mailboxes" SP one-or-more-mailbox
 *   events = "(" event *(SP event) ")" / "NONE"
 */
import { ArgReader, type NameEncoding } from './args.js';
import { syntaxError } from './errors.js';
import type { Token } from './tokens.js';

export const NOTIFY_EVENTS = ['MessageNew', 'MessageExpunge', 'FlagChange', 'AnnotationChange', 'MailboxName', 'SubscriptionChange', 'MailboxMetadataChange', 'ServerMetadataChange'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export type NotifyFilterKind = 'selected' | 'selected-delayed' | 'inboxes' | 'personal' | 'subscribed' | 'subtree' | 'mailboxes';

export interface NotifyFilter {
  readonly kind: NotifyFilterKind;
  /** For subtree and mailboxes. */
  readonly mailboxes: readonly string[];
  /** Empty for NONE. */
  readonly events: readonly NotifyEvent[];
}

export type NotifyArgs = { readonly kind: 'none' } | { readonly kind: 'set'; readonly status: boolean; readonly filters: readonly NotifyFilter[] };

const FILTERS = new Set<string>(['selected', 'selected-delayed', 'inboxes', 'personal', 'subscribed', 'subtree', 'mailboxes']);

export function parseNotifyArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): NotifyArgs {
  const reader = new ArgReader(args, 'NOTIFY', names);
  if (reader.takeWord('NONE')) {
    reader.end();
    return { kind: 'none' };
  }
  if (!reader.takeWord('SET')) reader.fail('NONE or SET');
  const status = reader.takeWord('STATUS');
  const filters: NotifyFilter[] = [];
  while (reader.hasMore()) filters.push(parseFilter(reader.list('a filter such as (personal (MessageNew MessageExpunge))'), names));
  if (filters.length === 0) reader.fail('a filter such as (personal (MessageNew MessageExpunge))');
  return { kind: 'set', status, filters };
}

function parseFilter(tokens: readonly Token[], names: NameEncoding): NotifyFilter {
  const reader = new ArgReader(tokens, 'NOTIFY filter', names);
  const kind = reader.atom('selected, selected-delayed, inboxes, personal, subscribed, subtree or mailboxes').toLowerCase();
  if (!FILTERS.has(kind)) throw syntaxError('SYNTAX', `NOTIFY: unknown mailbox filter "${kind}"`);
  const mailboxes: string[] = [];
  if (kind === 'subtree' || kind === 'mailboxes') {
    if (reader.peek()?.kind === 'list') {
      const list = new ArgReader(reader.list('mailbox names'), 'NOTIFY mailboxes', names);
      while (list.hasMore()) mailboxes.push(list.mailbox());
      if (mailboxes.length === 0) throw syntaxError('SYNTAX', `NOTIFY: ${kind} needs at least one mailbox`);
    } else {
      mailboxes.push(reader.mailbox());
    }
  }
  let events: NotifyEvent[] = [];
  if (!reader.takeWord('NONE')) {
    const list = reader.list('a list of events such as (MessageNew MessageExpunge), or NONE');
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      const name = token.kind === 'atom' ? NOTIFY_EVENTS.find((e) => e.toLowerCase() === token.value.toLowerCase()) : undefined;
      if (name === undefined) throw syntaxError('SYNTAX', `NOTIFY: unknown event ${token.kind === 'atom' ? token.value : token.kind}`);
      // MessageNew may carry the fetch attributes to send with it; we send none (RFC 5465 5.2 allows).
      if (name === 'MessageNew' && list[i + 1]?.kind === 'list') i++;
      events.push(name);
    }
    if (events.length === 0) throw syntaxError('SYNTAX', 'NOTIFY: empty list of events; use NONE');
    events = [...new Set(events)];
  }
  reader.end();
  // RFC 5465 5.1: MessageNew and MessageExpunge go together, and FlagChange needs both.
  const has = (e: NotifyEvent): boolean => events.includes(e);
  if (has('MessageNew') !== has('MessageExpunge')) throw syntaxError('SYNTAX', 'NOTIFY: MessageNew and MessageExpunge must be asked for together');
  if ((has('FlagChange') || has('AnnotationChange')) && !has('MessageNew')) throw syntaxError('SYNTAX', 'NOTIFY: FlagChange needs MessageNew and MessageExpunge');
  return { kind: kind as NotifyFilterKind, mailboxes, events };
}
