import { formatDuration } from '../sim/duration.js';
import type { AccountVerdict, FindingKind, MatrixRow, MessageOnDevice, RunResult, VariantResult, VerdictKind } from '../scenario/result.js';
import { elidedRows } from './elide.js';
import { wrap, type Style } from './style.js';
import { renderTable } from './table.js';

/** A matrix cell as the verdict labelled it ("read", "hidden: Archive", "missing", "unread, stale"). */
export function describeState(state: MessageOnDevice | undefined): string {
  return state?.label ?? 'missing';
}

/** Message x device matrix for one account, with the server's copy in the last column. */
export function renderMatrix(verdict: AccountVerdict, style: Style, maxRows = 0): string {
  const head = ['Message', ...verdict.devices, 'server'];
  const rows = elidedRows(
    verdict.matrix,
    maxRows,
    (row) => [row.subject, ...verdict.devices.map((d) => colourCell(row.devices[d], style)), row.server],
    (more) => [more, ...verdict.devices.map(() => ''), ''],
    style,
    // Over the limit, the messages the devices disagree on are the ones kept.
    (row) => verdict.devices.some((d) => isDifference(row.devices[d]?.finding)),
  );
  return renderTable(style, head, rows);
}

/** Delivery-to-visible latency: how long after arrival each device first showed each message. */
export function renderLatencies(variant: VariantResult, verdict: AccountVerdict, style: Style, maxRows = 0): string {
  const head = ['Message', ...verdict.devices.map((d) => `${d} saw it`)];
  const delivered = new Set(variant.delivered.map((m) => m.key));
  const neverSeen = (key: string, device: string): boolean => variant.latencies.get(key, device)?.visibleAt === undefined;
  const rows = elidedRows(
    verdict.matrix.filter((row) => delivered.has(row.key)),
    maxRows,
    (row) => [
      row.subject,
      ...verdict.devices.map((device) => {
        const latency = variant.latencies.get(row.key, device);
        if (!latency || latency.visibleAt === undefined) return style.chalk.dim('never');
        const delay = latency.visibleAt - latency.deliveredAt;
        return delay === 0 ? 'at once' : `${formatDuration(delay)} later`;
      }),
    ],
    (more) => [more, ...verdict.devices.map(() => '')],
    style,
    (row) => verdict.devices.some((device) => neverSeen(row.key, device)),
  );
  return renderTable(style, head, rows);
}

/** All variants next to each other: per message, each variant's device states, then the verdicts. */
export function renderSideBySide(result: RunResult, style: Style, maxRows = 0): string {
  const c = style.chalk;
  const accounts = [...new Set(result.variants.flatMap((v) => v.verdicts.map((x) => x.account)))];
  const blocks: string[] = [];
  for (const account of accounts) {
    const verdicts = result.variants.map((v) => v.verdicts.find((x) => x.account === account));
    const first = verdicts.find((v) => v !== undefined);
    if (!first) continue;
    const head = ['Message', ...result.variants.map((v, i) => `${v.name}: ${verdicts[i]?.devices.join(' / ') ?? ''}`)];
    // Each variant's rows by key and by subject (variants may name a message differently).
    const lookups = verdicts.map((verdict) => {
      const byKey = new Map<string, MatrixRow>();
      const bySubject = new Map<string, MatrixRow>();
      for (const r of verdict?.matrix ?? []) {
        if (!byKey.has(r.key)) byKey.set(r.key, r);
        if (!bySubject.has(r.subject)) bySubject.set(r.subject, r);
      }
      return (row: MatrixRow): MatrixRow | undefined => byKey.get(row.key) ?? bySubject.get(row.subject);
    });
    const rows = elidedRows(
      first.matrix,
      maxRows,
      (row) => [
        row.subject,
        ...verdicts.map((verdict, i) => {
          const match = lookups[i]!(row);
          if (!verdict || !match) return '';
          return verdict.devices.map((d) => describeState(match.devices[d])).join(' / ');
        }),
      ],
      (more) => [more, ...verdicts.map(() => '')],
      style,
    );
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

/** A cell the verdict found a difference in (copies that match now are not one). */
function isDifference(finding: FindingKind | undefined): boolean {
  return finding !== undefined && finding !== 'copies';
}

function colourCell(state: MessageOnDevice | undefined, style: Style): string {
  const text = describeState(state);
  const finding: FindingKind | undefined = state?.finding;
  if (finding === 'fragmented') return style.chalk.red(text);
  if (finding === 'diverged' || finding === 'stale' || finding === 'hidden') return style.chalk.yellow(text);
  return text;
}
