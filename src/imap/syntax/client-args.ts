/**
 * Arguments of the commands a client uses to introduce itself: ENABLE (RFC 5161) and ID
 * (RFC 2971), plus the DONE line that ends IDLE (RFC 2177).
 */
import { ArgReader } from './args.js';
import { isAtomText } from './chars.js';
import { syntaxError } from './errors.js';
import { MAX_ID_FIELD_LENGTH, MAX_ID_PAIRS, MAX_ID_VALUE_LENGTH } from './limits.js';
import type { Token } from './tokens.js';

/**
 * ENABLE capability *(SP capability): upper-cased names. Unknown names are not an error: RFC 5161
 * 3.1 says the server ignores what it does not know, so the session filters this list.
 */
export function parseEnableArgs(args: readonly Token[]): string[] {
  const reader = new ArgReader(args, 'ENABLE');
  if (!reader.hasMore()) reader.fail('a capability name');
  const names: string[] = [];
  while (reader.hasMore()) {
    const name = reader.atom('a capability name');
    if (!isAtomText(name)) reader.fail('a capability name');
    names.push(name.toUpperCase());
  }
  return names;
}

/** ID's parameters as [field, value] pairs in the order sent, or null for `ID NIL`. */
export type IdParams = ReadonlyArray<readonly [string, string | null]> | null;

/** ID ("field" "value" ...) / ID NIL. Fields are strings, values nstrings (RFC 2971 4). */
export function parseIdArgs(args: readonly Token[]): IdParams {
  const reader = new ArgReader(args, 'ID');
  if (reader.peek()?.kind === 'nil') {
    reader.next('NIL');
    reader.end();
    return null;
  }
  const list = new ArgReader(reader.list('a parenthesized field/value list or NIL'), 'ID');
  reader.end();
  const pairs: Array<readonly [string, string | null]> = [];
  while (list.hasMore()) {
    const field = list.string('an ID field name (a quoted string)');
    const value = list.nstring(`a value (string or NIL) for ID field "${field}"`);
    if (field.length > MAX_ID_FIELD_LENGTH) throw syntaxError('SYNTAX', `ID: field names are at most ${MAX_ID_FIELD_LENGTH} octets (RFC 2971)`);
    if (value !== null && value.length > MAX_ID_VALUE_LENGTH) throw syntaxError('SYNTAX', `ID: values are at most ${MAX_ID_VALUE_LENGTH} octets (RFC 2971)`);
    pairs.push([field, value]);
  }
  if (pairs.length > MAX_ID_PAIRS) throw syntaxError('SYNTAX', `ID: at most ${MAX_ID_PAIRS} field/value pairs (RFC 2971)`);
  return pairs;
}

/** True for the line that ends IDLE: "DONE" in any case (RFC 2177 3). */
export function isIdleDone(line: Buffer): boolean {
  return line.length === 4 && line.toString('latin1').toUpperCase() === 'DONE';
}
