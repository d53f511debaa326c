import { formatDuration } from '../sim/duration.js';
import type { AccountVerdict, FindingKind, MessageOnDevice, RunResult, VariantResult, VerdictKind } from '../scenario/result.js';
import { wrap, type Style } from './style.js';
import { renderTable } from './table.js';

/** A matrix cell as the verdict labelled it ("read", "hidden: Archive", "missing", "unread, stale"). */
export function describeState(state: MessageOnDevice | undefined): string {
  return state?.label ?? 'missing';
}

/** Message x device matrix for one account, with the server's copy in the last column. */
export function renderMatrix(verdict: AccountVerdict, style: Style): string {
  const head = ['Message', ...verdict.devices, 'server'];
  const rows = verdict.matrix.map((row) => [row.subject, ...verdict.devices.map((d) => colourCell(row.devices[d], style)), row.server]);
  return renderTable(style, head, rows);
}

/** Delivery-to-visible latency: how long after arrival each device first showed each message. */
export function renderLatencies(variant: VariantResult, verdict: AccountVerdict, style: Style): string {
  const head = ['Message', ...verdict.devices.map((d) => `${d} saw it`)];
  const delivered = new Set(variant.delivered.map((m) => m.key));
  const rows = verdict.matrix
    .filter((row) => delivered.has(row.key))
    .map((row) => [
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
        return verdict.devices.map((d) => describeState(match.devices[d])).join(' / ');
      }),
    ]);
    rows.push(['Verdict', ...verdicts.map((v) => v?.kind ?? '')]);
    blocks.push(`${c.bold('Side by side')} ${c.dim(`(${account})`)}\n${renderTable(style, head, rows)}`);
    for (const [i, verdict] of verdicts.entries()) {
      if (verdict) blocks.push(wrap(style, colourVerdict(verdict, style), `  ${result.variants[i]!.name}: `, '    '));
    }
  }
  return blocks.join('\n');
}

/** Green when all is well, dim for nothing to compare, yellow for what fixes itself or loses nothing, red for loss and lasting difference. */
const KIND_COLOUR: Record<VerdictKind, 'green' | 'dim' | 'yellow' | 'red'> = {
  converged: 'green',
  single: 'dim',
  stale: 'yellow',
  hidden: 'yellow',
  copies: 'yellow',
  diverged: 'red',
  fragmented: 'red',
};

export function colourVerdict(verdict: AccountVerdict, style: Style): string {
  return style.chalk[KIND_COLOUR[verdict.kind]](verdict.summary);
}

function colourCell(state: MessageOnDevice | undefined, style: Style): string {
  const text = describeState(state);
  const finding: FindingKind | undefined = state?.finding;
  if (finding === 'fragmented') return style.chalk.red(text);
  if (finding === 'diverged' || finding === 'stale' || finding === 'hidden') return style.chalk.yellow(text);
  return text;
}
