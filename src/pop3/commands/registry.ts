import type { Pop3Command } from '../command.js';
import { apop } from './apop.js';
import { capa } from './capa.js';
import { dele } from './dele.js';
import { list } from './list.js';
import { noop } from './noop.js';
import { pass } from './pass.js';
import { quit } from './quit.js';
import { retr } from './retr.js';
import { rset } from './rset.js';
import { stat } from './stat.js';
import { stls } from './stls.js';
import { top } from './top.js';
import { uidl } from './uidl.js';
import { user } from './user.js';

const ALL: readonly Pop3Command[] = [apop, capa, dele, list, noop, pass, quit, retr, rset, stat, stls, top, uidl, user];

/** Every POP3 command, by upper-case keyword. Adding a command means adding it here. */
export const COMMANDS: ReadonlyMap<string, Pop3Command> = new Map(ALL.map((command) => [command.name, command]));
