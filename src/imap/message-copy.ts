import type { Mailbox } from '../store/mailbox.js';
import type { Message } from '../store/message.js';
import type { CommandContext } from './command.js';
import { ImapCommandError } from './errors.js';
import { messagesOf } from './message-set.js';
import { checkQuota } from './quota.js';
import type { ResponseCode, SequenceSet } from './syntax/index.js';

/** What COPY and MOVE did: the pairs for COPYUID (RFC 4315 3), in the same order. */
export interface CopyResult {
  readonly sources: readonly Message[];
  readonly code: ResponseCode | undefined;
}

/**
 * Copies (or, for MOVE, moves) the messages a COPY / MOVE set names into `destinationName`,
 * keeping their flags and internal date (RFC 3501 6.4.7) - and the same stored bytes. Checks everything before copying
 * anything, so a failure leaves the destination as it was:
 * - a destination that does not exist (or is only a \Noselect parent): NO [TRYCREATE];
 * - a message another session expunged that this one has not heard of yet: NO [EXPUNGEISSUED]
 *   (RFC 5530; as Dovecot does), the client learns of the EXPUNGE with its next command.
 * The COPYUID code is undefined when the set named no message (a UID set may; COPYUID cannot be
 * empty), or when UIDPLUS is off.
 */
export function copyMessages(
  ctx: CommandContext,
  set: SequenceSet,
  destinationName: string,
  /** COPY adds to the account (QUOTA); MOVE within it does not. `mode` move expunges the sources. */
  options: { readonly countsAgainstQuota: boolean; readonly mode?: 'copy' | 'move' },
): CopyResult & { readonly destination: Mailbox } {
  const targets = messagesOf(ctx, set).map(({ message }) => message);
  const destination = ctx.session.account.mailbox(destinationName);
  if (destination === undefined) {
    throw new ImapCommandError('NO', `Mailbox ${destinationName} does not exist`, { code: 'TRYCREATE' });
  }
  if (targets.some((message) => message.expunged)) {
    throw new ImapCommandError('NO', 'Some of the messages were expunged by another session', { code: 'EXPUNGEISSUED' });
  }
  if (options.countsAgainstQuota) checkQuota(ctx, targets.map((m) => m.size));
  // Through the account, whose provider may make a copy the same message under another label (Gmail).
  const account = ctx.session.account;
  const source = ctx.session.selected.mailbox;
  const copies = options.mode === 'move' ? account.moveMessages(targets, source, destination, ctx.session.origin) : account.copyMessages(targets, source, destination, ctx.session.origin);
  const destinationUids = copies.map((copy) => copy.uid);
  const code: ResponseCode | undefined =
    targets.length === 0 || !ctx.features.has('UIDPLUS')
      ? undefined
      : { code: 'COPYUID', uidValidity: destination.uidValidity, sourceUids: targets.map((message) => message.uid), destinationUids };
  return { sources: targets, code, destination };
}
