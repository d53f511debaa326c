import { CLIENT_SCRIPT } from './client.js';
import { renderDiagram } from './diagram.js';
import { classes, escapeHtml as h, jsonForScript } from './markup.js';
import type { PageModel, VariantModel } from './model.js';
import { renderFinal, renderStates, verdictBadge } from './panels.js';
import { STYLES } from './styles.js';

/** The id of the <script type="application/json"> that holds the --json document. */
export const DATA_ID = 'mailsim-data';

/** The whole page: one file, no requests, readable without its script, printable. */
export function renderPage(page: PageModel, document: unknown, generator: string): string {
  const multi = page.variants.length > 1;
  const explained = page.explain === null ? null : page.subjects[page.explain]!;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="${h(generator)}">`,
    `<title>${h(page.title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the report</a>',
    header(page),
    `<main id="main"${explained === null ? '' : ' class="explaining"'}>`,
    multi ? `<nav class="tabs" role="tablist" aria-label="Variants" hidden>${page.variants.map((v, i) => `<button type="button" role="tab" id="${v.id}-tab" aria-controls="${v.id}" aria-selected="${i === 0}">${h(v.title)}</button>`).join('')}</nav>` : '',
    explained === null ? '' : `<p class="explain-note">Following "${h(explained)}": the rows about it are highlighted and its checks open.</p>`,
    ...page.variants.map((v) => variantSection(v, page, multi)),
    page.lesson ? `<section class="lesson"><h2>Lesson</h2><p>${h(page.lesson.trimEnd())}</p></section>` : '',
    '</main>',
    `<footer><p>Made by ${h(generator)}. Same scenario and seed, same page. The data behind it is the <code>--json</code> document, embedded in this file (<code>script#${DATA_ID}</code>). <button type="button" id="save-json" data-file="${h(fileName(page))}" hidden>Save the JSON</button></p></footer>`,
    `<script type="application/json" id="${DATA_ID}">${jsonForScript(document)}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function fileName(page: PageModel): string {
  return `${page.title.replace(/^mailsim · /, '').replace(/[^A-Za-z0-9._-]+/g, '-')}.json`;
}

function header(page: PageModel): string {
  const described = page.variants.some((v) => v.description);
  const overview = page.variants
    .map((v) => {
      const verdicts = v.verdicts.map((x) => `${verdictBadge(x)} ${h(x.summary)}`).join('<br>');
      return `<tr><th scope="row"><a href="#${v.id}">${h(v.title)}</a></th>${described ? `<td>${h(v.description ?? '')}</td>` : ''}<td>${verdicts}</td></tr>`;
    })
    .join('');
  const checks = page.checks.passed + page.checks.failed;
  return [
    '<header>',
    `<h1>${h(page.title)}</h1>`,
    page.description ? `<p>${h(page.description)}</p>` : '',
    `<p class="meta">${page.meta.map(h).join(' · ')}</p>`,
    checks > 0 ? `<p class="${page.ok ? 'tone-good' : 'tone-bad'}">Expectations: ${page.checks.passed} passed, ${page.checks.failed} failed</p>` : '',
    `<table class="overview"><thead><tr><th scope="col">Variant</th>${described ? '<th scope="col">What it is</th>' : ''}<th scope="col">Verdict</th></tr></thead><tbody>${overview}</tbody></table>`,
    legend(),
    '</header>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function legend(): string {
  return `<details class="legend-box"><summary>How to read the diagrams</summary><ul>
<li>Time runs down. A column per device, one for the server (and one for mail arriving over SMTP). Each grey row on the left is a scenario step.</li>
<li>An arrow is one check or action: open it (click, or Enter) to see every command with the server's answer. <span class="key"></span>reads only · <span class="key effect-change"></span>changes what the server holds (STORE, MOVE, EXPUNGE, a POP3 QUIT that deletes) · <span class="key effect-mark"></span>POP3 DELE: only marked, applied at QUIT · <span class="key pushed"></span>pushed by the server while the device idles (IDLE).</li>
<li>Pick a step on the time axis (click, or Tab to it and press Enter; the arrow keys walk the steps) to see every device and the server as they were after it.</li>
<li>“Show wire lines” shows each command's lines as they crossed the socket (passwords masked), as <code>--trace</code> prints them.</li>
</ul></details>`;
}

function variantSection(variant: VariantModel, page: PageModel, multi: boolean): string {
  const follow = page.subjects.map((s, i) => `<option value="${i}"${page.explain === i ? ' selected' : ''}>${h(s)}</option>`).join('');
  return [
    `<section class="variant" id="${variant.id}"${multi ? ` role="tabpanel" aria-labelledby="${variant.id}-tab"` : ''}>`,
    `<h2>${h(variant.title)}${variant.description ? ` <small>${h(variant.description)}</small>` : ''}</h2>`,
    `<div class="toolbar">`,
    `<label><input type="checkbox" class="trace-toggle"> Show wire lines</label>`,
    `<button type="button" data-action="expand" hidden>Open every check</button><button type="button" data-action="collapse" hidden>Close every check</button>`,
    page.subjects.length > 0 ? `<label hidden>Follow a message <select class="follow"><option value="">(none)</option>${follow}</select></label>` : '',
    `</div>`,
    `<div class="layout">`,
    `<div class="diagram-wrap" role="region" aria-label="Sequence diagram, ${h(variant.title)}" tabindex="0">`,
    renderDiagram(variant, page.explain),
    `</div>`,
    `<aside class="moments" aria-label="State at a moment"><h3>State at a moment</h3><p class="quiet">Pick a step on the time axis. Shown: every message so far, on every device and on the server.</p>`,
    renderStates(variant),
    `</aside>`,
    `</div>`,
    `<section class="${classes('final')}"><h3>At the end</h3>`,
    renderFinal(variant),
    `</section>`,
    `</section>`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}
