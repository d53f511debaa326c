/**
 * The IMAP syntax layer: framing, command parsing, typed arguments, and response serialization.
 * Session code imports from here only. The flow for one connection:
 *
 *   const framer = new CommandFramer((event) => {
 *     switch (event.kind) {
 *       case 'continuation': socket.write(continuation('Ready for literal data')); break;
 *       case 'literalRejected': // sync literal over a limit: the client will not send it
 *         reply(event.tag, 'NO', 'literal too large', { code: 'TOOBIG' }); break;
 *       case 'lineTooLong': reply(event.tag, 'BAD', 'line too long'); break;
 *       case 'fatal': socket.end(untaggedStatus('BYE', 'literal too large')); break;
 *       case 'line': session.onRawLine(event.line); break; // IDLE's DONE, AUTHENTICATE answers
 *       case 'command': {
 *         let command: ParsedCommand;
 *         try { command = parseCommand(event.frame); }
 *         catch (e) { if (e instanceof ImapSyntaxError) reply(e.tag, e.status, e.message); break; }
 *         // e.g. FETCH: typed arguments, errors stamped with the tag by the session
 *         const args = parseFetchArgs(command.args, { uid: command.uid });
 *         if (command.command === 'IDLE') framer.setMode('line'); // next line is raw
 *       }
 *     }
 *   });
 *   socket.on('data', (chunk) => framer.push(chunk));
 *
 * where reply(tag, status, text, code) is `tag ? taggedStatus(...) : untaggedStatus(...)`.
 */
export * from './limits.js';
export { ImapSyntaxError, STATUS_FOR_CODE, supportedCharsets, type ImapSyntaxErrorCode } from './errors.js';
export {
  CommandFramer,
  type CommandFrame,
  type FramerEvent,
  type FramerMode,
  type FramerOptions,
  type FramingLimit,
  type LiteralLimit,
} from './framing.js';
export { parseCommand, UID_COMMANDS, type ParsedCommand } from './parser.js';
export { describeToken, type Token } from './tokens.js';
export { ArgReader, type NameEncoding, MAX_MODSEQ, MAX_NUMBER, normalizeInbox, parseModSeq, parseNumber, tokenText } from './args.js';
export {
  compactInOrder,
  compactSequenceSet,
  formatSequenceSet,
  isSavedResult,
  isSequenceSetInRange,
  SAVED_RESULT,
  setContains,
  parseSequenceSet,
  resolveSequenceSet,
  forEachSequenceNumber,
  resolveUidIndexes,
  resolveUidSet,
  type SequenceRange,
  type SequenceSet,
  type SequenceValue,
} from './sequence-set.js';
export {
  fetchResponseName,
  fetchSetsSeen,
  formatSection,
  parseFetchArgs,
  parseFetchItem,
  parsePartial,
  parseSection,
  SIMPLE_FETCH_ATTRIBUTES,
  type FetchArgs,
  type FetchItem,
  type PartialRange,
  type SectionSpec,
  type SimpleFetchAttribute,
} from './fetch-attributes.js';
export { parseSearchArgs, parseSearchKeys, readCharset, type SearchArgs, type SearchKey, type TextSearchField } from './search.js';
export { parseSortArgs, parseThreadArgs, SORT_KEYS, type SortArgs, type SortCriterion, type SortKey, type ThreadArgs } from './sort-args.js';
export { NOTIFY_EVENTS, parseNotifyArgs, type NotifyArgs, type NotifyEvent, type NotifyFilter, type NotifyFilterKind } from './notify-args.js';
export { formatPartialRange, parsePartialRange, parseSearchReturn, selectPartial, type PartialRange as SearchPartialRange, type SearchReturn } from './search-return.js';
export {
  calendarDateOf,
  compareCalendarDates,
  formatInternalDate,
  MONTHS,
  parseDateTime,
  parseSearchDate,
  utcDayRange,
  type CalendarDate,
} from './dates.js';
export { parseFlag, parseFlagTokens } from './flags.js';
export { parseStoreArgs, type StoreArgs, type StoreOperation } from './store-args.js';
export { parseStatusArgs, parseStatusItems, STATUS_ITEMS, type StatusArgs, type StatusItem } from './status-items.js';
export { parseListArgs, parseLsubArgs, type ListArgs, type ListReturn, type ListSelection, type LsubArgs } from './list-args.js';
export { joinReference, listPatternMatcher } from './list-pattern.js';
export { decodeMailboxName, encodeMailboxName } from './mailbox-name.js';
export { MAX_APPEND_MESSAGES, MAX_CATENATE_PARTS, parseAppendArgs, type AppendArgs, type AppendContent, type AppendMessage, type CatenatePart } from './append-args.js';
export { parseSelectArgs, type QresyncParams, type SelectArgs } from './select-args.js';
export { parseAuthenticateArgs, parseLoginArgs, parseSaslResponse, type AuthenticateArgs, type LoginArgs, type SaslResponse } from './auth-args.js';
export { isIdleDone, parseEnableArgs, parseIdArgs, type IdParams } from './client-args.js';
export { parseCopyArgs, parseMailboxArg, parseNoArgs, parseRenameArgs, parseUidExpungeArgs, type CopyArgs, type RenameArgs } from './mailbox-args.js';
export { adjacent, Atom, atom, flagAtoms, ImapSerializeError, Literal8, mailboxValue, serializeValue, serializeValues, serializeValueText, untagged, untaggedResponse, untaggedResponseChunks, Verbatim, type Adjacent, type ImapValue, type SerializeErrorCode, type WirePiece } from './serialize.js';
export {
  continuation,
  formatResponseCode,
  taggedStatus,
  taggedStatusText,
  untaggedStatus,
  untaggedStatusText,
  type ResponseCode,
  type SimpleResponseCode,
  type TaggedStatus,
  type UntaggedStatus,
} from './responses.js';
