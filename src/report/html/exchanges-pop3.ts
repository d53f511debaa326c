import { clip, formatBytes, literalBytes, plural, type ExchangeEffect, type ExchangeOrigin, type Summarised, type TimedLine } from './exchanges.js';

interface Open {
  readonly first: number;
  readonly connection: number;
  readonly at: number;
  readonly step: number | null;
  readonly from: ExchangeOrigin;
  readonly command: string;
  readonly lines: string[];
}

/**
 * One POP3 connection's lines -> exchanges. POP3 is strictly one command, one reply: each C: line
 * starts an exchange and every S: line up to the next belongs to it (a greeting has no command).
 * DELE only marks; QUIT applies the marks and sets \Seen on what was retrieved (RFC 1939 6, and
 * our Maildrop.commit), so QUIT is where the server changes.
 */
export function summarisePop3(lines: readonly TimedLine[]): Summarised[] {
  const out: Summarised[] = [];
  const session = { retrieved: new Set<string>(), marked: new Set<string>() };
  let open: Open | undefined;
  const finish = (): void => {
    if (open) out.push({ exchange: build(open, session), first: open.first });
    open = undefined;
  };
  lines.forEach(({ event, at, step }, index) => {
    const text = `${event.direction}: ${event.text}`;
    if (event.direction === 'C') {
      finish();
      open = { first: index, connection: event.connection, at, step, from: 'client', command: event.text, lines: [text] };
    } else {
      if (!open) open = { first: index, connection: event.connection, at, step, from: index === 0 ? 'greeting' : 'server', command: clip(event.text), lines: [] };
      open.lines.push(text);
    }
  });
  finish();
  return out;
}

function build(open: Open, session: { retrieved: Set<string>; marked: Set<string> }): Summarised['exchange'] {
  const base = { protocol: 'pop3' as const, connection: open.connection, at: open.at, step: open.step, from: open.from, command: open.command, lines: open.lines };
  if (open.from !== 'client') return { ...base, result: '', effect: 'none' };
  const status = open.lines[1]?.slice(3) ?? '';
  const [verb = '', arg] = open.command.toUpperCase().split(/\s+/);
  const outcome = (result: string, effect: ExchangeEffect = 'none') => ({ ...base, result, effect });
  if (status === '') return outcome('no answer');
  if (!status.startsWith('+OK')) return outcome(clip(status));
  const listed = open.lines.slice(2).filter((l) => l !== 'S: .').length;
  switch (verb) {
    case 'RETR':
      if (arg) session.retrieved.add(arg);
      return outcome(formatBytes(literalBytes(open.lines)));
    case 'TOP':
      return outcome(`headers, ${formatBytes(literalBytes(open.lines))}`);
    case 'UIDL':
      return outcome(arg ? clip(status.slice(4)) : plural(listed, 'id'));
    case 'LIST':
      return outcome(arg ? clip(status.slice(4)) : plural(listed, 'message'));
    case 'STAT': {
      const [, count = '0', size = '0'] = status.split(/\s+/);
      return outcome(`${plural(Number(count), 'message')}, ${formatBytes(Number(size))}`);
    }
    case 'PASS':
    case 'APOP': {
      const count = /(\d+) messages?/.exec(status);
      return outcome(count ? `logged in, ${plural(Number(count[1]), 'message')}` : 'logged in');
    }
    case 'DELE':
      if (arg) session.marked.add(arg);
      return outcome('marked for deletion', 'mark');
    case 'RSET':
      session.marked.clear();
      return outcome('marks cleared');
    case 'QUIT': {
      const deleted = Number(/\((\d+) messages? deleted\)/.exec(status)?.[1] ?? 0);
      const seen = [...session.retrieved].filter((n) => !session.marked.has(n)).length;
      const parts = [`${deleted} deleted`, ...(seen > 0 ? [`${seen} set \\Seen`] : [])];
      return outcome(parts.join(', '), deleted > 0 || seen > 0 ? 'change' : 'none');
    }
    default:
      return outcome('+OK');
  }
}
