import type { SmtpCommand } from '../command.js';
import { auth } from './auth.js';
import { bdat } from './bdat.js';
import { data } from './data.js';
import { expn } from './expn.js';
import { ehlo, helo } from './hello.js';
import { help } from './help.js';
import { mail } from './mail.js';
import { noop } from './noop.js';
import { quit } from './quit.js';
import { rcpt } from './rcpt.js';
import { rset } from './rset.js';
import { starttls } from './starttls.js';
import { vrfy } from './vrfy.js';

const ALL: readonly SmtpCommand[] = [auth, bdat, data, ehlo, expn, helo, help, mail, noop, quit, rcpt, rset, starttls, vrfy];

/** Every SMTP command, by upper-case keyword. Adding a command means adding it here. */
export const COMMANDS: ReadonlyMap<string, SmtpCommand> = new Map(ALL.map((command) => [command.name, command]));
