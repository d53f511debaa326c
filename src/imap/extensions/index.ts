/**
 * Every piece the IMAP server can offer, in the order capabilities are advertised (Dovecot's
 * order where Dovecot has the piece, then what it lacks). A profile turns pieces on by id.
 */
import { appendLimit } from './appendlimit.js';
import { authPlain } from './auth-plain.js';
import { createSpecialUse } from './create-special-use.js';
import { sort } from './sort.js';
import { sortDisplay } from './sort-display.js';
import { threadReferences } from './thread-references.js';
import { threadRefs } from './thread-refs.js';
import { threadOrderedSubject } from './thread-orderedsubject.js';
import { esearch } from './esearch.js';
import { esort } from './esort.js';
import { searchres } from './searchres.js';
import { within } from './within.js';
import { contextSearch } from './context-search.js';
import { contextSort } from './context-sort.js';
import { objectId } from './objectid.js';
import { partial } from './partial.js';
import { preview } from './preview.js';
import { previewFuzzy } from './preview-fuzzy.js';
import { snippetFuzzy } from './snippet-fuzzy.js';
import { qresync } from './qresync.js';
import { quota } from './quota.js';
import { i18nLevel } from './i18nlevel.js';
import { binary } from './binary.js';
import { catenate } from './catenate.js';
import { children } from './children.js';
import { multiAppend } from './multiappend.js';
import { compress } from './compress.js';
import { condstore } from './condstore.js';
import { enable } from './enable.js';
import type { ImapExtension } from './extension.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { imap4rev1 } from './imap4rev1.js';
import { imap4rev2 } from './imap4rev2.js';
import { utf8Accept } from './utf8-accept.js';
import { listExtended } from './list-extended.js';
import { listStatus } from './list-status.js';
import { literalMinus } from './literal-minus.js';
import { literalPlus } from './literal-plus.js';
import { move } from './move.js';
import { namespace } from './namespace.js';
import { notify } from './notify.js';
import { saslIr } from './sasl-ir.js';
import { saveDate } from './savedate.js';
import { specialUse } from './special-use.js';
import { statusSize } from './status-size.js';
import { uidplus } from './uidplus.js';
import { unauthenticate } from './unauthenticate.js';
import { unselect } from './unselect.js';

export const EXTENSIONS = [
  imap4rev1,
  imap4rev2,
  saslIr,
  id,
  enable,
  idle,
  sort,
  sortDisplay,
  threadReferences,
  threadRefs,
  threadOrderedSubject,
  multiAppend,
  catenate,
  unselect,
  children,
  namespace,
  uidplus,
  listExtended,
  i18nLevel,
  condstore,
  qresync,
  esearch,
  esort,
  searchres,
  within,
  contextSearch,
  contextSort,
  listStatus,
  binary,
  move,
  snippetFuzzy,
  previewFuzzy,
  preview,
  statusSize,
  saveDate,
  literalPlus,
  literalMinus,
  notify,
  specialUse,
  createSpecialUse,
  appendLimit,
  quota,
  partial,
  unauthenticate,
  utf8Accept,
  compress,
  objectId,
  authPlain,
] as const satisfies readonly ImapExtension[];

/** The id of a piece, checked by the compiler wherever a handler asks `features.has(...)`. */
export type ExtensionId = (typeof EXTENSIONS)[number]['id'];

export type { ImapExtension } from './extension.js';
