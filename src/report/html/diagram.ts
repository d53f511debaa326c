import { classes, escapeHtml as h } from './markup.js';
import type { VariantModel } from './model.js';
import type { DeliverRow, ExchangeRow, GroupRow, LocalRow, NoteRow, SequenceRow, StepRow } from './sequence.js';
import { arrowSvg, COLUMN, labelBox, lane, lifelinesSvg, PADDING, selfSvg, type Lane } from './svg.js';

/** Device events that are bad news on a lifeline. */
const WARN_EVENTS = new Set(['missing', 'error', 'conflict', 'skipped']);

interface Context {
  readonly variant: VariantModel;
  readonly geometry: Lane;
  readonly explain: number | null;
  /** The last time printed on the axis: a row repeats it only when it changed. */
  lastTime: string;
}

/** The sequence diagram of one variant: lifeline heads, then one row per step, delivery, check or action. */
export function renderDiagram(variant: VariantModel, explain: number | null): string {
  const geometry = lane(variant.lifelines);
  const context: Context = { variant, geometry, explain, lastTime: '' };
  const heads = variant.lifelines
    .map((l) => `<div class="${classes('head', l.kind)}" style="left:${geometry.x(l.id) - COLUMN / 2 + 6}px;width:${COLUMN - 12}px"><b>${h(l.name)}</b><small title="${h(l.caption)}">${h(l.caption)}</small></div>`)
    .join('');
  const rows = variant.rows.map((row) => renderRow(row, context)).join('\n');
  return [
    `<div class="seq" style="--lane:${geometry.width}px">`,
    `<div class="heads"><div class="axis">time · step</div><div class="lane">${heads}</div></div>`,
    `<div class="body"><div class="lifelines-wrap">${lifelinesSvg(variant.lifelines, geometry)}</div>`,
    `<ol class="rows">\n${rows}\n</ol></div></div>`,
  ].join('\n');
}

function renderRow(row: SequenceRow, context: Context): string {
  switch (row.kind) {
    case 'step':
      return stepRow(row, context);
    case 'deliver':
      return deliverRow(row, context);
    case 'group':
      return groupRow(row, context);
    case 'local':
      return localRow(row, context);
    case 'note':
      return noteRow(row, context);
  }
}

function rowClasses(row: SequenceRow, context: Context, ...more: (string | false)[]): string {
  const messages = row.messages.map((m) => `m${m}`);
  return classes('row', row.kind, ...more, ...messages, context.explain !== null && row.messages.includes(context.explain) && 'hl');
}

/** The time on the axis, or nothing when the row above already said it. */
function axisTime(time: string, context: Context, always = false): string {
  if (!always && time === context.lastTime) return '';
  context.lastTime = time;
  return `<time>${h(time)}</time>`;
}

function stepRow(row: StepRow, context: Context): string {
  const id = `${context.variant.id}-s${row.frame}`;
  const line = row.line === null ? '' : ` <small class="src-line">line ${row.line}</small>`;
  const time = axisTime(row.time, context, true);
  if (!row.moment) return `<li class="${rowClasses(row, context, `step-${row.stepKind}`)}"><div class="moment"><span class="axis">${time}</span><span class="lane"><span class="text">${h(row.text)}</span></span></div></li>`;
  const moment = `<a class="moment" href="#${id}" data-frame="${row.frame}" title="Show every device and the server after this step"><span class="axis">${time}</span><span class="lane"><span class="text">${h(row.text)}</span>${line}</span></a>`;
  return `<li class="${rowClasses(row, context, `step-${row.stepKind}`)}" data-frame="${row.frame}">${moment}</li>`;
}

function deliverRow(row: DeliverRow, context: Context): string {
  const { geometry } = context;
  const [x1, x2] = [geometry.x('smtp'), geometry.x('server')];
  const label = `<code>DATA "${h(row.subject)}"</code> → 250`;
  return `<li class="${rowClasses(row, context, 'effect-change')}"><div class="axis">${axisTime(row.time, context)}</div>${arrowLane(geometry, x1, x2, label, 'SMTP intake to server', row.text)}</li>`;
}

function noteRow(row: NoteRow, context: Context): string {
  return `<li class="${rowClasses(row, context)}"><div class="axis">${axisTime(row.time, context)}</div><div class="lane"><span class="label wrap" style="margin-left:${PADDING}px">${h(row.text)}</span></div></li>`;
}

function localRow(row: LocalRow, context: Context): string {
  const { geometry } = context;
  const x = geometry.x(`d:${row.device}`);
  const details = row.details.length > 0 ? ` <span class="details">(${h(row.details.join('; '))})</span>` : '';
  const text = `<span class="sr">${h(row.device)}, on the device only: </span>${h(row.text)}${details}`;
  // Beside the box: to its right when there is room for a sentence, else to its left.
  const room = geometry.width - x - 14;
  const place = room >= Math.min(COLUMN * 2, x - 14) ? `margin-left:${x + 10}px;max-width:${room}px` : `margin-left:auto;margin-right:${geometry.width - x + 10}px;max-width:${x - 14}px;text-align:right`;
  return `<li class="${rowClasses(row, context, WARN_EVENTS.has(row.eventKind) && 'tone-warn')}"><div class="axis">${axisTime(row.time, context)}</div><div class="lane">${selfSvg(geometry, x)}<span class="label wrap" style="${place}">${text}</span></div></li>`;
}

function groupRow(row: GroupRow, context: Context): string {
  const { geometry } = context;
  const device = geometry.x(`d:${row.device}`);
  const server = geometry.x('server');
  const [x1, x2] = row.from === 'server' ? [server, device] : [device, server];
  const who = row.from === 'server' ? `server to ${row.device}` : `${row.device} to server`;
  const repeats = row.repeats ? `<small class="repeats">and ${row.repeats.count} more like it until ${h(row.repeats.until)}</small>` : '';
  const count = `<span class="count">${row.exchanges.length} ${row.exchanges.length === 1 ? 'exchange' : 'exchanges'}</span>`;
  const summary = `<summary class="line"><div class="axis">${axisTime(row.time, context)}<span class="toggle" aria-hidden="true"></span>${repeats}</div>${arrowLane(geometry, x1, x2, `${h(row.title)} ${count}`, who, row.title, true)}</summary>`;
  const details = row.details.map((d) => `<li class="detail"><div class="axis"></div><div class="lane"><span class="label wrap" style="margin-left:${Math.min(x1, x2) + 8}px;max-width:${geometry.width - Math.min(x1, x2) - 12}px">· ${h(d)}</span></div></li>`);
  const exchanges = row.exchanges.map((e) => exchangeRow(e, row.device, context));
  const open = context.explain !== null && row.messages.includes(context.explain) ? ' open' : '';
  return `<li class="${rowClasses(row, context, `effect-${row.effect}`, row.background && 'background', row.from === 'server' && 'pushed')}"><details${open}>${summary}<ol class="exchanges">${[...details, ...exchanges].join('')}</ol></details></li>`;
}

function exchangeRow(exchange: ExchangeRow, device: string, context: Context): string {
  const { geometry } = context;
  const [d, s] = [geometry.x(`d:${device}`), geometry.x('server')];
  const pushed = exchange.from === 'server';
  const [x1, x2] = exchange.from === 'client' ? [d, s] : [s, d];
  const label = `<code>${h(exchange.command)}</code>${exchange.result ? ` → ${h(exchange.result)}` : ''}`;
  const wire = `<pre class="wire">${h(exchange.lines.join('\n'))}</pre>`;
  return `<li class="${classes('exchange', `effect-${exchange.effect}`, pushed && 'pushed')}"><div class="axis">${axisTime(exchange.time, context)}</div>${arrowLane(geometry, x1, x2, label, exchange.from === 'client' ? `${device} to server` : `server to ${device}`, undefined, false, pushed, wire)}</li>`;
}

/** The lane of an arrow row: the arrow, its label over it, and text for screen readers. */
function arrowLane(geometry: Lane, x1: number, x2: number, label: string, who: string, title?: string, strong = false, dashed = false, extra = ''): string {
  const box = labelBox(geometry, x1, x2);
  // A check's title wraps (it is a sentence); a command stays on one line, cut with "…" (the wire view has it whole).
  const wrap = strong ? ' wrap' : '';
  const tip = title === undefined ? '' : ` title="${h(title)}"`;
  return `<div class="lane">${arrowSvg(geometry, x1, x2, { strong, dashed })}<span class="label${wrap}" style="margin-left:${box.left}px;max-width:${box.width}px"${tip}><span class="sr">${h(who)}: </span>${label}</span>${extra}</div>`;
}
