import { formatDuration } from '../sim/duration.js';
import type { AccountVerdict, MessageOnDevice, RunResult, VariantResult } from '../scenario/result.js';
import type { Style } from './style.js';
import { renderTable } from './table.js';

/**
 * One cell of the matrix: how a message stands on a device ("read", "Trash, unread"). Absent is
 * "missing" when another device shows it, "gone" when none does (deleted everywhere).
 */
export function describeState(state: MessageOnDevice | undefined, shownElsewhere = true): string {
  if (!state || !state.present) return shownElsewhere ? 'missing' : 'gone';
  const parts: string[] = [];
  if (state.folder && state.folder !== 'INBOX') parts.push(state.folder);
  parts.push(state.seen ? 'read' : 'unread');
  if (state.flagged) parts.push('flagged');
  if (state.deleted) parts.push('marked deleted');
  return parts.join(', ');
}

/** Where the server holds a message and with which flags, e.g. "INBOX \Seen" or "gone". */
function serverState(variant: VariantResult, account: string, key: string): string {
  const mailboxes = variant.server.find((a) => a.address === account)?.mailboxes ?? [];
  for (const box of mailboxes) {
    const message = box.messages.find((m) => m.key === key);
    if (message) return [box.name, ...message.flags].join(' ');
  }
  return 'gone';
}

/** Message x device matrix for one account, with the server's copy in the last column. */
export function renderMatrix(variant: VariantResult, verdict: AccountVerdict, style: Style): string {
  const head = ['Message', ...verdict.devices, 'server'];
  const rows = verdict.matrix.map((row) => {
    const shown = Object.values(row.devices).some((s) => s.present);
    return [row.subject, ...verdict.devices.map((d) => colour(describeState(row.devices[d], shown), style)), serverState(variant, verdict.account, row.key)];
  });
  return renderTable(style, head, rows);
}

/** Delivery-to-visible latency: how long after arrival each device first showed each message. */
export function renderLatencies(variant: VariantResult, verdict: AccountVerdict, style: Style): string {
  const head = ['Message', ...verdict.devices.map((d) => `${d} saw it`)];
  const rows = verdict.matrix.map((row) => [
    row.subject,
    ...verdict.devices.map((device) => {
      const latency = variant.latencies.find((l) => l.key === row.key && l.device === device);
      if (!latency || latency.visibleAt === undefined) return style.chalk.dim('never');
      const delay = latency.visibleAt - latency.deliveredAt;
      return delay === 0 ? 'at once' : `${formatDuration(delay)} later`;
    }),
  ]);
  return renderTable(style, head, rows);
}

/** All variants next to each other: per message, each variant's device states, then the verdicts. */
export function renderSideBySide(result: RunResult, style: Style): string {
  const c = style.chalk;
  const accounts = [...new Set(result.variants.flatMap((v) => v.verdicts.map((x) => x.account)))];
  const blocks: string[] = [];
  for (const account of accounts) {
    const verdicts = result.variants.map((v) => v.verdicts.find((x) => x.account === account));
    const first = verdicts.find((v) => v !== undefined);
    if (!first) continue;
    const head = ['Message', ...result.variants.map((v, i) => `${v.name}: ${verdicts[i]?.devices.join(' / ') ?? ''}`)];
    const rows = first.matrix.map((row) => [
      row.subject,
      ...verdicts.map((verdict) => {
        const match = verdict?.matrix.find((r) => r.key === row.key || r.subject === row.subject);
        if (!verdict || !match) return '';
        const shown = Object.values(match.devices).some((s) => s.present);
        return verdict.devices.map((d) => describeState(match.devices[d], shown)).join(' / ');
      }),
    ]);
    rows.push(['Verdict', ...verdicts.map((v) => (v ? v.summary.split(':')[0]! : ''))]);
    blocks.push(`${c.bold('Side by side')} ${c.dim(`(${account})`)}\n${renderTable(style, head, rows)}`);
    for (const [i, verdict] of verdicts.entries()) {
      if (verdict) blocks.push(`  ${result.variants[i]!.name}: ${colourVerdict(verdict, style)}`);
    }
  }
  return blocks.join('\n');
}

export function colourVerdict(verdict: AccountVerdict, style: Style): string {
  const c = style.chalk;
  const colourFor = verdict.kind === 'converged' ? c.green : verdict.kind === 'single' ? c.dim : verdict.kind === 'diverged' ? c.yellow : c.red;
  return colourFor(verdict.summary);
}

function colour(text: string, style: Style): string {
  return text === 'missing' ? style.chalk.red(text) : text;
}
