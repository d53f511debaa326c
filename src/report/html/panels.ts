import { classes, escapeHtml as h } from './markup.js';
import type { Table, VariantModel, VerdictModel } from './model.js';
import type { StatePanel } from './states.js';

/**
 * The "state at any moment" panels of a variant, one per frame. Without JavaScript, a moment link
 * targets its panel (CSS :target shows it) and the last one shows by default; the script only
 * swaps them in place, without jumping.
 */
export function renderStates(variant: VariantModel): string {
  if (variant.states.length === 0) return `<p class="quiet">No frames in this document: run with --html to record the state after every step.</p>`;
  const last = variant.states.length - 1;
  const panels = variant.states.map((panel) => statePanel(variant, panel, panel.frame === last)).join('\n');
  return `<div class="states" id="${variant.id}-states" aria-live="polite">\n${panels}\n</div>`;
}

function statePanel(variant: VariantModel, panel: StatePanel, last: boolean): string {
  const head = panel.columns.map((c) => `<th scope="col">${h(c.name)}<small>${h(c.note)}</small></th>`).join('');
  const rows = panel.rows
    .map((row) => {
      const cells = row.cells.map((c) => `<td class="${classes(`tone-${c.tone}`, c.changed && 'changed')}">${h(c.text)}${c.changed ? '<span class="sr"> (changed)</span>' : ''}</td>`).join('');
      return `<tr><th scope="row">${h(row.subject)}</th>${cells}</tr>`;
    })
    .join('');
  const body = panel.rows.length === 0 ? `<tr><td colspan="${panel.columns.length + 1}" class="quiet">no mail has arrived yet</td></tr>` : rows;
  const more = panel.more > 0 ? `<p class="quiet">and ${panel.more} more messages (all of them are in the embedded JSON)</p>` : '';
  return [
    `<section class="${classes('state', last && 'last')}" id="${variant.id}-s${panel.frame}" data-frame="${panel.frame}" aria-label="State at ${h(panel.time)}, ${h(panel.heading)}">`,
    `<h4><time>${h(panel.time)}</time> ${h(panel.heading)}</h4>`,
    `<table class="matrix"><thead><tr><th scope="col">Message</th>${head}</tr></thead><tbody>${body}</tbody></table>${more}`,
    `<p class="legend quiet">Highlighted: changed by this step.</p>`,
    `</section>`,
  ].join('');
}

/** The final state of a variant: verdicts with the matrix, latencies, device and server tables, checks. */
export function renderFinal(variant: VariantModel): string {
  const out: string[] = [];
  for (const verdict of variant.verdicts) out.push(verdictBlock(verdict));
  for (const table of variant.latencies) out.push(tableBlock(table));
  out.push(`<div class="tables">${[...variant.deviceTables, ...variant.serverTables].map(tableBlock).join('')}</div>`);
  if (variant.expectations.length > 0) {
    const passed = variant.expectations.filter((e) => e.passed).length;
    const items = variant.expectations
      .map((e) => `<li class="${e.passed ? 'pass' : 'fail'}"><span aria-hidden="true">${e.passed ? '✓' : '✗'}</span><span class="sr">${e.passed ? 'passed' : 'failed'}: </span>${h(e.name)}${e.detail ? `<br><small>${h(e.detail)}</small>` : ''}</li>`)
      .join('');
    out.push(`<section class="checks"><h4>Expectations: ${passed} passed, ${variant.expectations.length - passed} failed</h4><ul>${items}</ul></section>`);
  }
  return out.join('\n');
}

export function verdictBadge(verdict: VerdictModel): string {
  return `<span class="${classes('badge', `tone-${verdict.tone}`)}" data-kind="${h(verdict.kind)}">${h(verdict.label)}</span>`;
}

function verdictBlock(verdict: VerdictModel): string {
  const findings = verdict.findings.map((f) => `<li>${f.label === null ? '' : `<span class="${classes('badge', 'small', `tone-${f.tone}`)}">${h(f.label)}</span> `}${h(f.text)}</li>`);
  const reasons = findings.length > 0 ? `<ul class="reasons">${findings.join('')}</ul>` : '';
  const matrix =
    verdict.kind === 'single' || verdict.matrix.length === 0
      ? ''
      : `<table class="matrix"><caption>Convergence (${h(verdict.account)})</caption><thead><tr><th scope="col">Message</th>${verdict.devices.map((d) => `<th scope="col">${h(d)}</th>`).join('')}<th scope="col">server</th></tr></thead><tbody>${verdict.matrix
          .map((row) => `<tr><th scope="row">${h(row.subject)}</th>${[...row.cells, row.server].map((c) => `<td class="tone-${c.tone}">${h(c.text)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  return `<section class="${classes('verdict', `edge-${verdict.tone}`)}"><h4>Verdict <small>(${h(verdict.account)})</small>: ${verdictBadge(verdict)} ${h(verdict.summary)}</h4>${reasons}${matrix}</section>`;
}

function tableBlock(table: Table): string {
  const head = table.head.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const body = table.rows.length === 0 ? `<tr><td colspan="${table.head.length}" class="quiet">${h(table.empty)}</td></tr>` : table.rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('');
  return `<table><caption>${h(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
