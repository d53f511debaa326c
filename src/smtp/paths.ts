/**
 * The argument of MAIL FROM and RCPT TO (RFC 5321 4.1.2): "FROM:<path>" or "TO:<path>", then
 * ESMTP parameters ("SIZE=1000 BODY=8BITMIME"). Lenient where servers commonly are (a space
 * after the colon, any case), strict where a mistake would deliver somewhere else.
 */

/** Parameter keywords (uppercased) and their values, if any. */
export type PathParameters = ReadonlyMap<string, string | undefined>;

export interface ParsedPath {
  /** The mailbox, without brackets or source route; "" for the null reverse-path <>. */
  readonly address: string;
  readonly parameters: PathParameters;
}

/** A local part: a dot-string or a quoted string (RFC 5321 4.1.2), UTF-8 allowed (RFC 6531). */
const LOCAL = /^(?:[^\s"<>()[\]\\,;:@.\x00-\x1f\x7f]+(?:\.[^\s"<>()[\]\\,;:@.\x00-\x1f\x7f]+)*|"(?:[^"\\\x00-\x1f\x7f]|\\[\x20-\x7e])*")$/;
/** A domain or an address literal ([127.0.0.1], [IPv6:...]). */
const DOMAIN = /^(?:[^\s"<>()[\]\\,;:@.\x00-\x1f\x7f]+(?:\.[^\s"<>()[\]\\,;:@.\x00-\x1f\x7f]+)*|\[[^\s[\]\\\x00-\x1f\x7f]+\])$/;
/** esmtp-keyword ["=" esmtp-value] (RFC 5321 4.1.2). */
const PARAMETER = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:=([^=\s\x00-\x1f\x7f]+))?$/;

/**
 * Parses "FROM:<a@b> SIZE=10" (prefix "FROM") or "TO:<a@b>" (prefix "TO"). Undefined when it is
 * not that. A bare "postmaster" (RCPT TO:<Postmaster>, RFC 5321 4.5.1) is a valid address.
 */
export function parsePath(args: string, prefix: 'FROM' | 'TO'): ParsedPath | undefined {
  const head = `${prefix}:`;
  if (args.slice(0, head.length).toUpperCase() !== head) return undefined;
  const rest = args.slice(head.length).replace(/^ +/, '');
  if (!rest.startsWith('<')) return undefined;
  const close = closingBracket(rest);
  if (close === -1) return undefined;
  let path = rest.slice(1, close);
  // A source route ("@relay.example:user@example.com") is obsolete; RFC 5321 4.1.1.3 says to ignore it.
  if (path.startsWith('@')) {
    const colon = path.indexOf(':');
    if (colon === -1) return undefined;
    path = path.slice(colon + 1);
  }
  if (path !== '' && !isMailbox(path) && path.toLowerCase() !== 'postmaster') return undefined;
  const parameters = new Map<string, string | undefined>();
  const after = rest.slice(close + 1);
  if (after !== '' && !after.startsWith(' ')) return undefined;
  for (const word of after.split(' ').filter((w) => w !== '')) {
    const match = PARAMETER.exec(word);
    if (!match) return undefined;
    parameters.set(match[1]!.toUpperCase(), match[2]);
  }
  return { address: path, parameters };
}

/** Where the path's ">" is, skipping a quoted local part (which may hold one). */
function closingBracket(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '>') return i;
  }
  return -1;
}

function isMailbox(path: string): boolean {
  const at = path.lastIndexOf('@');
  if (at <= 0 || at === path.length - 1) return false;
  return LOCAL.test(path.slice(0, at)) && DOMAIN.test(path.slice(at + 1));
}
