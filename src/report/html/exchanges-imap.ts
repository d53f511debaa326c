import { clip, formatBytes, literalBytes, plural, type Exchange, type ExchangeEffect, type ExchangeOrigin, type Summarised, type TimedLine } from './exchanges.js';

interface Open {
  readonly first: number;
  readonly at: number;
  readonly step: number | null;
  readonly from: ExchangeOrigin;
  /** The tag of a command; undefined for what the server said on its own. */
  readonly tag?: string;
  readonly command: string;
  readonly lines: string[];
  /** The server answered "+": the client's next line is a continuation (SASL response, DONE). */
  continuation: boolean;
  /** The client's last line ended in a literal marker: its "<n octets>" and the rest follow. */
  literal: boolean;
}

const TAGGED = /^(\S+) (OK|NO|BAD)\b ?(.*)$/;
const LITERAL_MARKER = /\{\d+\+?\}$/;

/**
 * One IDLE command from "tag IDLE" to its tagged completion. What the server says in between is
 * a push, wherever it falls: a push can cross our "+ idling" or our DONE on the wire, and which
 * arrives first is the operating system's business, so the exchanges never depend on it.
 */
interface IdleCycle {
  readonly idle: Open;
  push?: Open;
  done?: Open;
}

/**
 * One IMAP connection's lines -> exchanges. A command is its tagged line and everything up to the
 * tagged completion with that tag; untagged responses go to the command in progress (RFC 3501
 * 2.2.2). IDLE is split where time passes: "IDLE → idling", then what the server pushed while
 * the client idled (an exchange from the server), then "DONE → OK".
 */
export function summariseImap(lines: readonly TimedLine[]): Summarised[] {
  const out: Summarised[] = [];
  const open: Open[] = [];
  let cycle: IdleCycle | undefined;
  let loose: Open | undefined;
  const connection = lines[0]?.event.connection ?? 0;
  const emit = (exchange: Open, order = exchange.first, tagged?: RegExpExecArray): void => {
    out.push({ exchange: build(exchange, connection, tagged), first: order });
  };
  const finish = (exchange: Open | undefined, tagged?: RegExpExecArray): void => {
    if (!exchange) return;
    emit(exchange, exchange.first, tagged);
    const at = open.indexOf(exchange);
    if (at >= 0) open.splice(at, 1);
    if (exchange === loose) loose = undefined;
  };
  const finishCycle = (tagged?: RegExpExecArray): void => {
    if (!cycle) return;
    const { idle, push, done } = cycle;
    cycle = undefined;
    emit(idle, idle.first, done ? undefined : tagged);
    // Ordered right after the IDLE that it interrupted, before DONE, however the lines crossed.
    if (push) emit(push, idle.first);
    if (done) emit(done, done.first, tagged);
  };
  const start = (index: number, from: Open['from'], command: string, tag?: string): Open => {
    const { at, step } = lines[index]!;
    return { first: index, at, step, from, command, ...(tag === undefined ? {} : { tag }), lines: [], continuation: false, literal: false };
  };

  lines.forEach(({ event }, index) => {
    const text = event.text;
    const line = `${event.direction}: ${text}`;
    const latest = open.at(-1);
    if (event.direction === 'C') {
      finish(loose);
      if (cycle && !cycle.done && text === 'DONE') {
        cycle.done = start(index, 'client', 'DONE', cycle.idle.tag);
        cycle.done.lines.push(line);
        return;
      }
      if (latest && (latest.continuation || latest.literal)) {
        latest.lines.push(line);
        latest.continuation = false;
        // "<n octets>" follows a marker; the line after it may end in another marker.
        latest.literal = /^<\d+ octets>$/.test(text) || LITERAL_MARKER.test(text);
        return;
      }
      const space = text.indexOf(' ');
      const exchange = start(index, 'client', space > 0 ? text.slice(space + 1) : text, space > 0 ? text.slice(0, space) : '');
      exchange.lines.push(line);
      exchange.literal = LITERAL_MARKER.test(text);
      if (/^IDLE$/i.test(exchange.command)) cycle = { idle: exchange };
      else open.push(exchange);
      return;
    }
    const tagged = TAGGED.exec(text);
    if (cycle && tagged && tagged[1] === cycle.idle.tag) {
      (cycle.done ?? cycle.idle).lines.push(line);
      finishCycle(tagged);
      return;
    }
    if (cycle) {
      if ((text === '+' || text.startsWith('+ ')) && !cycle.idle.continuation) {
        cycle.idle.lines.push(line);
        cycle.idle.continuation = true;
        return;
      }
      cycle.push ??= start(index, 'server', '');
      cycle.push.lines.push(line);
      return;
    }
    const owner = tagged ? open.find((o) => o.tag === tagged[1]) : undefined;
    if (owner && tagged) {
      owner.lines.push(line);
      finish(owner, tagged);
      return;
    }
    if ((text === '+' || text.startsWith('+ ')) && latest) {
      latest.lines.push(line);
      latest.continuation = true;
      return;
    }
    if (!latest) {
      // Said by the server on its own: the greeting, or later a BYE.
      loose ??= start(index, index === 0 ? 'greeting' : 'server', '');
      loose.lines.push(line);
      return;
    }
    latest.lines.push(line);
  });
  finish(loose);
  finishCycle();
  for (const exchange of [...open]) finish(exchange);
  return out;
}

function build(open: Open, connection: number, tagged?: RegExpExecArray): Exchange {
  const base = { protocol: 'imap' as const, connection, at: open.at, step: open.step, from: open.from, lines: open.lines };
  if (open.from !== 'client') return { ...base, command: serverSaid(open.lines), result: '', effect: 'none' };
  const outcome = (result: string, effect: ExchangeEffect = 'none'): Exchange => ({ ...base, command: open.command, result, effect });
  const words = open.command.toUpperCase().split(/\s+/);
  const verb = (words[0] === 'UID' ? words[1] : words[0]) ?? '';
  if (verb === 'IDLE' && (!tagged || tagged[2] === 'OK')) return outcome('idling');
  if (!tagged) return outcome('no answer');
  const [, , status, text = ''] = tagged;
  if (status !== 'OK') return outcome(clip(`${status} ${text}`.trim()));
  const untagged = open.lines.filter((l) => l.startsWith('S: * ')).map((l) => l.slice(3));
  const count = (pattern: RegExp): number => untagged.filter((u) => pattern.test(u)).length;
  const fetched = count(/^\* \d+ FETCH\b/);
  switch (verb) {
    case 'SELECT':
    case 'EXAMINE': {
      const exists = untagged.map((u) => /^\* (\d+) EXISTS$/.exec(u)).find((m) => m);
      return outcome(plural(Number(exists?.[1] ?? 0), 'message'));
    }
    case 'FETCH': {
      const bytes = literalBytes(open.lines);
      const result = fetched === 0 ? 'nothing' : `${plural(fetched, 'message')}${bytes > 0 ? `, ${formatBytes(bytes)}` : ''}`;
      return outcome(result, setsSeen(open.command) && fetched > 0 ? 'change' : 'none');
    }
    case 'SEARCH': {
      const found = untagged.map((u) => /^\* SEARCH ?(.*)$/.exec(u)?.[1]).find((m) => m !== undefined)?.trim() ?? '';
      return outcome(found === '' ? 'none' : clip(found));
    }
    case 'LIST':
    case 'LSUB':
      return outcome(plural(count(/^\* (LIST|LSUB) /), 'mailbox', 'mailboxes'));
    case 'STATUS':
      return outcome(clip(untagged.map((u) => /\((.*)\)$/.exec(u)?.[1]).find((m) => m) ?? 'OK'));
    case 'ENABLE':
      return outcome(clip(untagged.map((u) => /^\* ENABLED ?(.*)$/.exec(u)?.[1]).find((m) => m !== undefined) || 'nothing enabled'));
    case 'LOGIN':
    case 'AUTHENTICATE':
      return outcome('logged in');
    case 'STORE':
      return outcome(fetched > 0 ? `${plural(fetched, 'message')} updated` : 'OK', 'change');
    case 'MOVE':
      return outcome('moved', 'change');
    case 'COPY':
      return outcome('copied', 'change');
    case 'EXPUNGE':
      return outcome(`${plural(count(/^\* \d+ EXPUNGE$/), 'message')} expunged`, 'change');
    case 'APPEND':
      return outcome('appended', 'change');
    case 'CREATE':
    case 'DELETE':
    case 'RENAME':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      return outcome('OK', 'change');
    case 'LOGOUT':
      return outcome('bye');
    case 'NOOP':
    case 'CHECK':
    case 'DONE':
      return outcome(news(untagged) || (verb === 'DONE' ? 'OK' : 'nothing new'));
    default:
      return outcome('OK');
  }
}

/** FETCH of a body section without .PEEK (or RFC822, RFC822.TEXT) sets \Seen (RFC 3501 6.4.5). */
function setsSeen(command: string): boolean {
  return /\bBODY\[/i.test(command) || /\bRFC822(\.TEXT)?\b(?!\.)/i.test(command);
}

/** Untagged news a command brought back: "* 3 EXPUNGE", "* 4 EXISTS". \Recent counts are noise here. */
function news(untagged: readonly string[]): string {
  const items = untagged.filter((u) => /^\* \d+ (EXISTS|EXPUNGE|FETCH)\b/.test(u)).map((u) => u.replace(/^(\* \d+ FETCH) .*$/, '$1 (flags)'));
  return items.length === 0 ? '' : clip(items.join(', '));
}

/** What the server said on its own, for a label: a push's news, or its first line. */
function serverSaid(lines: readonly string[]): string {
  const said = lines.map((l) => l.slice(3));
  const pushed = news(said);
  if (pushed) return pushed;
  return clip((said[0] ?? '').replace(/\[CAPABILITY [^\]]*\]/, '[CAPABILITY …]'));
}
