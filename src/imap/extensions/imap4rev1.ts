import { append } from '../commands/append.js';
import { authenticate } from '../commands/authenticate.js';
import { capability } from '../commands/capability.js';
import { close } from '../commands/close.js';
import { copy } from '../commands/copy.js';
import { create } from '../commands/create.js';
import { deleteCommand } from '../commands/delete.js';
import { expunge } from '../commands/expunge.js';
import { fetch } from '../commands/fetch.js';
import { list } from '../commands/list.js';
import { login } from '../commands/login.js';
import { logout } from '../commands/logout.js';
import { lsub } from '../commands/lsub.js';
import { check, noop } from '../commands/noop.js';
import { rename } from '../commands/rename.js';
import { search } from '../commands/search.js';
import { examine, select } from '../commands/select.js';
import { status } from '../commands/status.js';
import { starttls } from '../commands/starttls.js';
import { store } from '../commands/store.js';
import { subscribe, unsubscribe } from '../commands/subscribe.js';
import { defineExtension } from './extension.js';

/**
 * The base protocol (RFC 3501): every command a client may rely on. It cannot be turned off.
 * STARTTLS is base protocol too (6.2.1); its capability depends on the connection, so the session
 * adds it (ImapSession.capabilities), not this piece.
 */
export const imap4rev1 = defineExtension({
  id: 'IMAP4rev1',
  rfc: 'RFC 3501',
  title: 'the base protocol',
  capabilities: ['IMAP4rev1'],
  mandatory: true,
  commands: [
    capability, noop, logout, login, authenticate, select, examine, create, deleteCommand, rename, subscribe, unsubscribe,
    list, lsub, status, append, check, close, expunge, search, fetch, store, copy, starttls,
  ],
});
