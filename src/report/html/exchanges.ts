import type { Protocol, WireEvent } from '../../protocol/transcript.js';
import { summariseImap } from './exchanges-imap.js';
import { summarisePop3 } from './exchanges-pop3.js';

/**
 * What a server-state change an exchange made: `change` (the store is different afterwards:
 * STORE, MOVE, EXPUNGE, a QUIT that removes or marks messages), `mark` (POP3 DELE: marked in the
 * session, applied only at QUIT) or `none`.
 */
export type ExchangeEffect = 'none' | 'mark' | 'change';

/**
 * One protocol exchange: a command and the server's answer to it, or something the server said
 * on its own (a greeting, or a push while the client idled). Summarised from wire lines for the
 * sequence diagram; the lines themselves are kept for the trace view.
 */
export interface Exchange {
  readonly protocol: Protocol;
  readonly connection: number;
  /** Virtual time of the exchange's first line. */
  readonly at: number;
  /** Index of the scenario step during which its first line crossed; null while devices started. */
  readonly step: number | null;
  readonly from: ExchangeOrigin;
  /** The command as sent ("RETR 1", "UID STORE 1 +FLAGS (\Seen)"), or what the server said first. */
  readonly command: string;
  /** The answer in a few words ("476 B", "3 deleted", "2 messages"); empty when there is none. */
  readonly result: string;
  readonly effect: ExchangeEffect;
  /** "C: …" and "S: …" lines, as in the --trace transcript. */
  readonly lines: readonly string[];
}

/**
 * Who spoke first: `client` sent a command; `greeting` is the server's hello on a new connection;
 * `server` said something on its own later (a push while the client idles, a BYE).
 */
export type ExchangeOrigin = 'client' | 'greeting' | 'server';

/** A wire line as the recorder saw it. */
export interface TimedLine {
  readonly event: WireEvent;
  readonly at: number;
  readonly step: number | null;
}

/** Lines of one device (any number of connections, in the order they crossed) -> exchanges. */
export function summariseExchanges(lines: readonly TimedLine[]): Exchange[] {
  const byConnection = new Map<string, { lines: TimedLine[]; positions: number[] }>();
  lines.forEach((line, position) => {
    const key = `${line.event.protocol}#${line.event.connection}`;
    let group = byConnection.get(key);
    if (!group) byConnection.set(key, (group = { lines: [], positions: [] }));
    group.lines.push(line);
    group.positions.push(position);
  });
  const out: { exchange: Exchange; order: number }[] = [];
  for (const group of byConnection.values()) {
    const protocol = group.lines[0]!.event.protocol;
    const summarise = protocol === 'imap' ? summariseImap : protocol === 'pop3' ? summarisePop3 : undefined;
    if (!summarise) continue;
    for (const { exchange, first } of summarise(group.lines)) out.push({ exchange, order: group.positions[first]! });
  }
  // Connections of one device follow each other; order by where each exchange's first line was.
  return out.sort((a, b) => a.order - b.order).map((x) => x.exchange);
}

/** A summariser's output: the exchange and the index (in its connection's lines) of its first line. */
export interface Summarised {
  readonly exchange: Exchange;
  readonly first: number;
}

/** "476 B", "1.4 KB", "2.0 MB": sizes as a mail client shows them (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Sum of the "<n octets>" placeholders the transcript shows for literals and bodies. */
export function literalBytes(lines: readonly string[]): number {
  let total = 0;
  for (const line of lines) {
    const match = /^S: <(\d+) octets>$/.exec(line);
    if (match) total += Number(match[1]);
  }
  return total;
}

export { plural } from '../../text/plural.js';

/**
 * Bound on the words a result may quote from the server (a -ERR reason, a SEARCH list): the
 * label must stay one line; the full text is in the trace view.
 */
export const MAX_QUOTED = 40;

export function clip(text: string, max = MAX_QUOTED): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
