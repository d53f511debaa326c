import type { AnyCommandSpec } from '../command.js';
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { close, unselect } from './close.js';
import { copy } from './copy.js';
import { enable } from './enable.js';
import { expunge } from './expunge.js';
import { fetch } from './fetch.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { move } from './move.js';
import { namespace } from './namespace.js';
import { check, noop } from './noop.js';
import { search } from './search.js';
import { examine, select } from './select.js';
import { store } from './store.js';
import { append } from './append.js';
import { create } from './create.js';
import { deleteCommand } from './delete.js';
import { list } from './list.js';
import { lsub } from './lsub.js';
import { rename } from './rename.js';
import { status } from './status.js';
import { subscribe, unsubscribe } from './subscribe.js';

/** Every command the server knows, by name. UID variants share their command's entry. */
export const COMMANDS: ReadonlyMap<string, AnyCommandSpec> = new Map(
  [capability, noop, check, logout, id, enable, namespace, login, authenticate, select, examine, idle, close, unselect, expunge, fetch, store, search, copy, move, list, lsub, status, create, deleteCommand, rename, subscribe, unsubscribe, append].map(
    (spec) => [spec.name, spec as AnyCommandSpec],
  ),
);
