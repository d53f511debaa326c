/**
 * SELECT / EXAMINE arguments (RFC 3501 6.3.1-2) with the select parameters of RFC 4466, of which
 * we know CONDSTORE (RFC 7162 3.1.8):  SELECT mailbox [SP "(" select-param *(SP select-param) ")"]
 */
import { ArgReader, type NameEncoding } from './args.js';
import { syntaxError } from './errors.js';
import { describeToken, type Token } from './tokens.js';

export interface SelectArgs {
  readonly mailbox: string;
  /** (CONDSTORE): the client enables CONDSTORE with this SELECT. */
  readonly condstore: boolean;
}

export function parseSelectArgs(args: readonly Token[], command: 'SELECT' | 'EXAMINE' = 'SELECT', names: NameEncoding = 'mutf7'): SelectArgs {
  const reader = new ArgReader(args, command, names);
  const mailbox = reader.mailbox();
  let condstore = false;
  if (reader.hasMore()) {
    const params = reader.list('select parameters such as (CONDSTORE)');
    if (params.length === 0) throw syntaxError('SYNTAX', `${command}: empty select parameter list`);
    for (const param of params) {
      const name = param.kind === 'atom' ? param.value.toUpperCase() : undefined;
      if (name === 'CONDSTORE') condstore = true;
      else if (name === 'QRESYNC') throw syntaxError('UNSUPPORTED', `${command}: QRESYNC is not supported by this server`);
      // The list holds QRESYNC's own parenthesized arguments; anything else is unknown (RFC 4466 2.2: BAD).
      else throw syntaxError('SYNTAX', `${command}: unknown select parameter ${describeToken(param)}`);
    }
  }
  reader.end();
  return { mailbox, condstore };
}
