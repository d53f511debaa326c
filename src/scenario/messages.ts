import { decodeEncodedWords, headerValues, parseMessage } from '../mime/index.js';
import type { StepArgs } from './schema.js';

/** A deliver step's arguments once the loader has read its `file:` or `raw:` message. */
export type DeliverArgs = StepArgs['deliver'];

/** A message a step will produce, as the loader knows it: its subject, and its id when named. */
export interface PlannedMessage {
  readonly subject: string;
  readonly id?: string;
}

/**
 * The messages a deliver step produces: the subject itself, or "subject (1)"... with count (ids
 * "name-1"...); a delivered file or raw message brings its own Subject.
 */
export function deliveredMessages(args: DeliverArgs): PlannedMessage[] {
  const named = (subject: string, id: string | undefined): PlannedMessage => ({ subject, ...(id === undefined ? {} : { id }) });
  if (args.loaded) return [named(subjectOf(args.loaded), args.id)];
  const subject = args.subject ?? '(no subject)';
  if (args.count === undefined) return [named(subject, args.id)];
  return Array.from({ length: args.count }, (_, i) => named(`${subject} (${i + 1})`, args.id === undefined ? undefined : `${args.id}-${i + 1}`));
}

/** The subjects a deliver step produces. */
export function deliveredSubjects(args: DeliverArgs): string[] {
  return deliveredMessages(args).map((m) => m.subject);
}

/** The decoded Subject of a whole message, as a client lists it. */
export function subjectOf(raw: Buffer): string {
  const value = headerValues(parseMessage(raw), 'subject')[0];
  return value === undefined ? '(no subject)' : decodeEncodedWords(value.replace(/\r?\n[ \t]/g, ' ')).trim() || '(no subject)';
}

/** "Re: Dinner" for a reply, without stacking "Re: Re:". */
export function replySubject(subject: string): string {
  return /^re:/i.test(subject) ? subject : `Re: ${subject}`;
}
