import type { ChangeOrigin } from '../../store/journal.js';
import type { Message } from '../../store/message.js';
import type { Pop3Mode, Pop3Refusal, Pop3View } from '../../store/rules.js';
import type { PoppedOnceRules } from '../profile.js';
import type { GmailLabels, GmailMessage } from './labels.js';

const DAY_MS = 86_400_000;

/**
 * What a Gmail POP session sees, from Google's "How does POP work in Gmail?" and the Gmail API's
 * PopSettings (README "Providers"):
 * - normal mode: "a list of about 250 of the oldest messages that have not yet been downloaded
 *   (spam and trash are excluded)" - the oldest 250 conversations, all their unpopped messages;
 * - recent mode (user name "recent:..."): "all messages from All Mail (Spam and Trash are
 *   excluded) from the last 30 days", popped or not;
 * - at QUIT every message the session RETRieved is popped - "even if the client didn't explicitly
 *   specify the DELE command" - and gets the account's disposition; a session that ends without
 *   QUIT marks nothing. DELE changes nothing: "Regardless of which behavior you select, any
 *   downloaded message will be marked internally as 'popped' and will not be downloaded again."
 * - accessWindow: disabled refuses POP; fromNowOn offers only mail that arrived after it was set
 *   (here: since the account was made).
 */
export function gmailPop3View(labels: GmailLabels, rules: PoppedOnceRules, mode: Pop3Mode, now: number): Pop3View | Pop3Refusal {
  const enabledAt = labels.createdAt;
  if (rules.accessWindow === 'disabled') return { refused: 'POP is disabled for this account (its POP setting is "disabled"; enable POP in its settings)' };
  const all = labels.inAllMail().filter((message) => rules.accessWindow === 'allMail' || message.arrived >= enabledAt);
  const chosen = mode === 'recent' ? all.filter((message) => message.arrived >= now - rules.recentDays * DAY_MS) : oldestConversations(all.filter((m) => !m.popped), rules.batchConversations);
  const listed = chosen.map((message) => ({ message, copy: labels.listedCopy(message) })).filter((l): l is { message: GmailMessage; copy: Message } => l.copy !== undefined);
  const byCopy = new Map(listed.map((l) => [l.copy, l.message]));
  return {
    messages: listed.map((l) => l.copy),
    uidl: (copy) => `GmailId${byCopy.get(copy)?.id ?? copy.id}`,
    commit(retrieved: readonly Message[], _deleted: readonly Message[], origin: ChangeOrigin): number {
      // PopSettings.disposition: "The action that will be executed on a message after it has
      // been fetched via POP" - in either mode; DELE (`_deleted`) is not looked at.
      for (const copy of retrieved) {
        const message = byCopy.get(copy);
        if (message && !copy.expunged) labels.afterPop(message, rules.disposition, origin);
      }
      return 0;
    },
  };
}

/** Every unpopped message of the `limit` oldest conversations, oldest first. */
function oldestConversations(messages: readonly GmailMessage[], limit: number): GmailMessage[] {
  const kept = new Set<string>();
  for (const message of messages) {
    if (kept.size >= limit) break;
    kept.add(message.thread);
  }
  return messages.filter((message) => kept.has(message.thread));
}
