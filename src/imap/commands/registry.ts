import type { AnyCommandSpec } from '../command.js';
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { close, unselect } from './close.js';
import { enable } from './enable.js';
import { expunge } from './expunge.js';
import { id } from './id.js';
import { idle } from './idle.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { namespace } from './namespace.js';
import { check, noop } from './noop.js';
import { examine, select } from './select.js';

/** Every command the server knows, by name. UID variants share their command's entry. */
export const COMMANDS: ReadonlyMap<string, AnyCommandSpec> = new Map(
  [capability, noop, check, logout, id, enable, namespace, login, authenticate, select, examine, idle, close, unselect, expunge].map(
    (spec) => [spec.name, spec as AnyCommandSpec],
  ),
);
