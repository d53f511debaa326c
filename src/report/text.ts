import type { DeviceSnapshot } from '../devices/device.js';
import { formatOctets } from '../devices/octets.js';
import type { RunEvent } from '../devices/events.js';
import { formatDateTime, formatTime } from '../sim/time-format.js';
import type { AccountVerdict, RunResult, ServerAccount, VariantResult } from '../scenario/result.js';
import { colourVerdict, renderLatencies, renderMatrix, renderSideBySide } from './convergence.js';
import { renderExpectations } from './expectations.js';
import { rewrap, wrap, type Style } from './style.js';
import { renderTable } from './table.js';
import { elidedRows, rowsToShow } from './elide.js';
import { groupDigits } from '../text/numbers.js';
import { DEFAULT_MAX_ROWS } from './max-rows.js';

export interface TextReportOptions {
  readonly style: Style;
  /** Include the timeline of events (default true). */
  readonly timeline?: boolean;
  /**
   * Rows shown per folder (device) or mailbox (server) before the middle is elided as "… N more"
   * (default DEFAULT_MAX_ROWS; 0 shows all). --json always has every message.
   */
  readonly maxRows?: number;
}

/** The human report of a run: per variant a timeline, device inboxes, the server, the verdict. */
export function renderRun(result: RunResult, options: TextReportOptions): string {
  const { style } = options;
  const c = style.chalk;
  const out: string[] = [];
  out.push(wrap(style, c.bold(`mailsim · ${result.scenario.name}`) + c.dim(` · seed ${result.seed} · starts ${formatDateTime(result.start)}`), '', '  '));
  if (result.scenario.description) out.push(wrap(style, result.scenario.description));
  for (const variant of result.variants) {
    out.push('', renderVariant(variant, result, options));
  }
  if (result.variants.length > 1) out.push('', renderSideBySide(result, style, options.maxRows ?? DEFAULT_MAX_ROWS));
  if (result.scenario.lesson) out.push('', c.bold('Lesson'), rewrap(style, result.scenario.lesson, '  '));
  return out.join('\n') + '\n';
}

function renderVariant(variant: VariantResult, result: RunResult, options: TextReportOptions): string {
  const { style } = options;
  const c = style.chalk;
  const time = (ms: number): string => formatTime(ms, result.start);
  const out: string[] = [];
  const title = variant.name === 'default' ? '' : `variant ${variant.name}`;
  if (title) out.push(wrap(style, variant.description ?? '', c.bold.cyan(`━━ ${title} ━━`) + (variant.description ? ' ' : ''), '   '), '');
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (options.timeline !== false) out.push(c.bold('Timeline'), renderTimeline(variant.events, time, style, maxRows), '');
  for (const device of variant.devices) out.push(renderDevice(device, time, style, maxRows), '');
  for (const account of variant.server) out.push(renderServer(account, style, maxRows), '');
  variant.verdicts.forEach((verdict, i) => {
    // A blank line between accounts, so one account's last why: never runs into the next heading.
    if (i > 0) out.push('');
    if (verdict.kind !== 'single' && verdict.matrix.length > 0) {
      out.push(`${c.bold('Convergence')} ${c.dim(`(${verdict.account})`)}`, renderMatrix(verdict, style, maxRows), '');
      out.push(`${c.bold('Delivery to visible')} ${c.dim(`(${verdict.account})`)}`, renderLatencies(variant, verdict, style, maxRows), '');
    }
    out.push(renderVerdict(verdict, style));
  });
  const expectations = renderExpectations(variant, style);
  if (expectations) out.push('', expectations);
  return out.join('\n').trimEnd();
}

function renderTimeline(events: readonly RunEvent[], time: (ms: number) => string, style: Style, maxRows: number): string {
  const c = style.chalk;
  const rows = elideAlikeRuns(compactRoutineChecks(events, time), maxRows);
  const who = (e: RunEvent): string => e.device ?? (e.kind === 'server-flag' ? 'server' : '');
  const width = Math.max(0, ...rows.map((r) => who(r.event).length));
  const timeWidth = Math.max(5, ...rows.map((r) => time(r.event.at).length));
  return rows
    .map(({ event: e, repeats, summary }) => {
      const name = who(e).padEnd(width);
      const plain = repeats ? `${e.text} ${c.dim(`(and ${repeats} more like it until ${repeats.until})`)}` : e.text;
      const text = summary ? c.dim(plain) : e.kind === 'note' ? c.italic(plain) : e.kind === 'missing' || e.kind === 'error' || e.kind === 'conflict' ? c.yellow(plain) : plain;
      // The text wraps under itself: a long line never pushes past the width, and the time and
      // device columns stay clear.
      const lead = `  ${c.dim((e.detail ? '' : time(e.at)).padStart(timeWidth))}  ${width > 0 ? (e.detail ? `${' '.repeat(name.length)}    ${c.dim('·')} ` : `${c.bold(name)}  `) : ''}`;
      return wrap(style, text, lead).trimEnd();
    })
    .join('\n');
}

interface TimelineRow {
  readonly event: RunEvent;
  /** For a routine check standing for a run of identical ones: how many more, and until when. */
  readonly repeats?: { readonly count: number; readonly until: string; toString(): string };
  /** The closing line of a run of interleaved routine checks: how many more of each. */
  readonly summary?: boolean;
}

/**
 * A device polling every few minutes for days makes hundreds of identical "nothing new" checks.
 * Within a run of consecutive routine checks (no details under them), keep the first per device
 * and say how many more followed, so the timeline stays readable and still exact.
 */
function compactRoutineChecks(events: readonly RunEvent[], time: (ms: number) => string): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const routine = (i: number): boolean => events[i]?.kind === 'check' && !events[i + 1]?.detail;
  for (let i = 0; i < events.length; ) {
    if (!routine(i)) {
      rows.push({ event: events[i]! });
      i++;
      continue;
    }
    let end = i;
    while (routine(end)) end++;
    const groups = new Map<string, { first: RunEvent; count: number; last: RunEvent }>();
    for (let j = i; j < end; j++) {
      const e = events[j]!;
      const key = `${e.device}\u0000${e.text}`;
      const group = groups.get(key);
      if (group) {
        group.count++;
        group.last = e;
      } else groups.set(key, { first: e, count: 0, last: e });
    }
    // A device's repeats are said on its first line only when no other device's first line comes
    // before its last repeat: otherwise "until Mar 11" would sit above a line dated Mar 10. Those
    // are said together on one line at the end of the run, dated with its last check.
    const list = [...groups.values()];
    const later: string[] = [];
    list.forEach(({ first, count, last }, g) => {
      const next = list[g + 1];
      if (count === 0) rows.push({ event: first });
      else if (!next || last.seq < next.first.seq) rows.push({ event: first, repeats: { count, until: time(last.at), toString: () => String(count) } });
      else {
        rows.push({ event: first });
        later.push(`${first.device ?? ''} ${count} more like it until ${time(last.at)}`.trim());
      }
    });
    if (later.length > 0) {
      const { device: _device, ...last } = events[end - 1]!;
      rows.push({ event: { ...last, text: `(and so on: ${later.join('; ')})` }, summary: true });
    }
    i = end;
  }
  return rows;
}

/**
 * `count: 3000` brings 3,000 "arrived" lines, and a check after it 3,000 "downloaded" ones. A run
 * of more than `maxRows` consecutive lines of one kind from one device keeps its first and last
 * lines, with "… N more like these" between (the --max-rows rule of the tables).
 */
function elideAlikeRuns(rows: readonly TimelineRow[], maxRows: number): TimelineRow[] {
  if (maxRows === 0) return [...rows];
  const alike = (a: TimelineRow, b: TimelineRow): boolean =>
    !a.repeats && !b.repeats && !a.summary && !b.summary && a.event.kind === b.event.kind && a.event.device === b.event.device && a.event.detail === b.event.detail;
  const out: TimelineRow[] = [];
  for (let i = 0; i < rows.length; ) {
    let end = i + 1;
    while (end < rows.length && alike(rows[i]!, rows[end]!)) end++;
    if (end - i <= maxRows) out.push(...rows.slice(i, end));
    else {
      const run = rows.slice(i, end);
      let next = 0;
      for (const index of rowsToShow(run.length, maxRows)) {
        if (index > next) {
          const at = run[index - 1]!.event;
          out.push({ event: { ...at, text: `… ${groupDigits(index - next)} more like these` }, summary: true });
        }
        out.push(run[index]!);
        next = index + 1;
      }
    }
    i = end;
  }
  return out;
}

function renderDevice(device: DeviceSnapshot, time: (ms: number) => string, style: Style, maxRows: number): string {
  const c = style.chalk;
  const downloaded = device.downloadedBytes > 0 ? ` ${c.dim('·')} downloaded ${formatOctets(device.downloadedBytes)}` : '';
  const header = wrap(style, `${c.bold(device.name)} ${c.dim('·')} ${device.account} ${c.dim('·')} ${device.summary}${downloaded}${device.online ? '' : c.yellow(' · offline')}`, '', '  ');
  const rows: string[][] = [];
  for (const folder of device.folders) {
    rows.push(...elidedRows(folder.messages, maxRows,
      (m, i) => [String(i + 1), folder.name, m.subject, senderName(m.from), m.date === undefined ? '' : time(m.date), messageState(m, style)],
      (more) => ['', folder.name, more, '', '', ''], style));
  }
  if (rows.length === 0) return `${header}\n  ${c.yellow('no messages')}`;
  return `${header}\n${renderTable(style, ['#', 'Folder', 'Subject', 'From', 'Date', 'State'], rows)}`;
}

function messageState(m: { seen: boolean; flagged: boolean; deleted: boolean; headersOnly: boolean; attachments?: number }, style: Style): string {
  const c = style.chalk;
  const parts = [m.seen ? 'read' : c.bold('unread')];
  if (m.flagged) parts.push(c.yellow('flagged'));
  if (m.deleted) parts.push(c.red('deleted'));
  if (m.headersOnly) parts.push('headers only');
  if (m.attachments) parts.push(`${m.attachments} attachment${m.attachments === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** "Bob Smith <bob@example.com>" -> "Bob Smith": the list column a client shows. */
export function senderName(from: string): string {
  const match = /^\s*"?([^"<]+?)"?\s*<[^>]*>\s*$/.exec(from);
  return match?.[1] ?? from;
}

function renderServer(account: ServerAccount, style: Style, maxRows: number): string {
  const c = style.chalk;
  const header = `${c.bold('server')} ${c.dim('·')} ${account.address}`;
  const rows: string[][] = [];
  for (const box of account.mailboxes) {
    if (box.messages.length === 0 && box.name !== 'INBOX') continue;
    if (box.messages.length === 0) rows.push([box.name, '', c.dim('(empty)'), '']);
    rows.push(...elidedRows(box.messages, maxRows, (m) => [box.name, String(m.uid), m.subject, m.flags.join(' ')], (more) => [box.name, '', more, ''], style));
  }
  const empty = account.mailboxes.filter((b) => b.messages.length === 0 && b.name !== 'INBOX').map((b) => b.name);
  const footer = empty.length > 0 ? `\n${wrap(style, c.dim(`empty: ${empty.join(', ')}`), '  ', '         ')}` : '';
  return `${header}\n${renderTable(style, ['Mailbox', 'UID', 'Subject', 'Flags'], rows)}${footer}`;
}

function renderVerdict(verdict: AccountVerdict, style: Style): string {
  const c = style.chalk;
  const lines = [wrap(style, colourVerdict(verdict, style), `${c.bold('Verdict')} ${c.dim(`(${verdict.account})`)}: `, '  ')];
  for (const finding of verdict.findings) lines.push(wrap(style, `${finding.kind === verdict.kind && verdict.findings.filter((f) => f.kind === finding.kind).length === verdict.findings.length ? '' : `${finding.kind}: `}${finding.text}`, `  ${c.dim('why:')} `));
  return lines.join('\n');
}
