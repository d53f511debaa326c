/**
 * LOGIN (RFC 3501 6.2.3) and AUTHENTICATE (RFC 3501 6.2.2 with SASL-IR, RFC 4959) arguments, and the
 * client's base64 lines during an AUTHENTICATE exchange (read by the framer in 'line' mode).
 */
import { ArgReader } from './args.js';
import { isAtomText } from './chars.js';
import { syntaxError } from './errors.js';
import type { Token } from './tokens.js';

export interface LoginArgs {
  readonly username: string;
  readonly password: string;
}

/** LOGIN userid SP password, both astrings (imapflow always quotes them, UTF-8 included). */
export function parseLoginArgs(args: readonly Token[]): LoginArgs {
  const reader = new ArgReader(args, 'LOGIN');
  const username = reader.astring('a user name');
  const password = reader.astring('a password');
  reader.end();
  return { username, password };
}

export interface AuthenticateArgs {
  /** Upper-cased SASL mechanism name, e.g. "PLAIN". */
  readonly mechanism: string;
  /** SASL-IR initial response, decoded; an empty Buffer for "=", undefined when absent. */
  readonly initialResponse: Buffer | undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string, what: string): Buffer {
  if (!BASE64.test(text)) throw syntaxError('SYNTAX', `${what} is not valid base64`);
  return Buffer.from(text, 'base64');
}

/** AUTHENTICATE auth-type [SP (base64 / "=")]. */
export function parseAuthenticateArgs(args: readonly Token[]): AuthenticateArgs {
  const reader = new ArgReader(args, 'AUTHENTICATE');
  const mechanism = reader.atom('a SASL mechanism name').toUpperCase();
  if (!isAtomText(mechanism)) throw syntaxError('SYNTAX', `AUTHENTICATE: "${mechanism}" is not a SASL mechanism name`);
  let initialResponse: Buffer | undefined;
  if (reader.hasMore()) {
    const text = reader.atom('a base64 initial response or "="');
    initialResponse = text === '=' ? Buffer.alloc(0) : decodeBase64(text, 'AUTHENTICATE: the initial response');
  }
  reader.end();
  return { mechanism, initialResponse };
}

export type SaslResponse = { readonly kind: 'cancel' } | { readonly kind: 'data'; readonly data: Buffer };

/**
 * A client line answering a "+ <challenge>" during AUTHENTICATE: base64 data (an empty line is an
 * empty response), or "*" to cancel, which the session answers with a tagged BAD (RFC 3501 6.2.2).
 */
export function parseSaslResponse(line: Buffer): SaslResponse {
  const text = line.toString('latin1');
  if (text === '*') return { kind: 'cancel' };
  return { kind: 'data', data: decodeBase64(text, 'the SASL response') };
}
